"""Write corpus.tsv and ambiguous.tsv from hand-written fragments.

Run: python src/sideline/engines/triage/data/build_corpus.py

Every head below is a phrase a principal might put on a calendar or a to-do list, with slots for the
details that vary (names, rooms, grades, subjects). Each head yields several variants dressed the way
real calendars look (times, abbreviations, typos, case). The held-out split is chosen per *head*, not per
variant, so the evaluation sees phrasings the model never trained on, not the same phrase with another
room number. Long held-out statements are written separately, in vocabulary unlike the training ones.
The output is deterministic: the same script always writes the same files.
"""

from __future__ import annotations

import csv
import hashlib
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20241123
VARIANTS_PER_HEAD = 10
HELDOUT_EVERY = 5  # one head in five, chosen by hash, goes to the held-out split

SURNAMES = [
    "Kowalski",
    "Batista",
    "Okafor",
    "Nguyen",
    "Patel",
    "O'Brien",
    "Garcia",
    "Smith",
    "Haddad",
    "Lindqvist",
    "Mensah",
    "Rossi",
    "Chen",
    "Murphy",
    "Alvarez",
    "Johnson",
    "Kaur",
    "Walsh",
    "Dubois",
    "Yamamoto",
    "Reyes",
    "Schmidt",
    "Novak",
    "Adeyemi",
    "Park",
    "Hughes",
    "Moreau",
    "Silva",
    "Ivanova",
    "Brennan",
    "Clarke",
    "Dlamini",
    "Fernandes",
    "Goldberg",
    "Hassan",
    "Jensen",
    "Lopez",
    "MacLeod",
    "Nakamura",
    "Obi",
    "Petrov",
    "Quinn",
    "Russo",
    "Takahashi",
    "Underwood",
    "Vargas",
    "Whitfield",
    "Zhang",
    "Abbott",
    "Delgado",
    "Ellis",
    "Foster",
]
TITLES = ("Ms", "Mr", "Mrs", "Ms.", "Mr.", "Dr", "Mx", "Miss")
FIRSTS = [
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Emma",
    "Femi",
    "Grace",
    "Hugo",
    "Ines",
    "Jamal",
    "Kate",
    "Liam",
    "Maya",
    "Noor",
    "Omar",
    "Priya",
    "Raj",
    "Sara",
    "Tom",
    "Yusuf",
]
ROOMS = (
    "rm 31",
    "Rm 214",
    "room 12B",
    "B14",
    "portable 3",
    "Sci lab 2",
    "rm. 108",
    "Room 7",
    "A-wing 22",
    "hut 4",
    "rm 305",
    "Library",
    "art room",
    "C12",
    "Rm 6",
)
GRADES = (
    "gr7",
    "Gr 3",
    "Y9",
    "Year 11",
    "6th grade",
    "K",
    "KS2",
    "P4",
    "gr. 5",
    "8th gr",
    "Y2",
    "Grade 10",
    "1st grade",
    "Yr 8",
    "4th",
    "Reception",
    "9th grade",
    "S3",
)
SUBJECTS = (
    "ELA",
    "maths",
    "math",
    "science",
    "Hist",
    "Spanish",
    "PE",
    "art",
    "SPED",
    "ESL",
    "EAL",
    "chem",
    "bio",
    "phonics",
    "guided reading",
    "Alg 1",
    "geography",
    "music",
    "computing",
    "writing",
    "SS",
    "French",
    "physics",
    "RE",
)
DAYS = ("Mon", "Tue", "Tues", "Wed", "Thu", "Thurs", "Fri", "M", "W", "F")
TIMES = (
    "7:45",
    "8.30am",
    "9:10",
    "10:15",
    "11am",
    "12:30",
    "1:05pm",
    "2.15",
    "3:30",
    "7:15am",
    "14:00",
    "8:00",
)
SUFFIXES = (
    " (P3)",
    " - urgent",
    " !!",
    " [Tue]",
    " (2nd period)",
    " - tbc",
    " ?",
    " (after school)",
    " *",
    " - again",
    " (30 min)",
    " - before lunch",
    " (resched)",
    " @ 2",
    " - wk 3",
)
SCHOOLS = (
    "Lincoln MS",
    "Oakfield Primary",
    "the high school",
    "St Anne's",
    "Eastside Elem",
    "Riverside Academy",
)


def _name(rng: random.Random) -> str:
    style = rng.randrange(6)
    surname = rng.choice(SURNAMES)
    if style == 0:
        return surname
    if style == 1:
        return f"{rng.choice(TITLES)} {surname}"
    if style == 2:
        return f"{rng.choice(FIRSTS)[0]}. {surname}"
    if style == 3:
        return rng.choice(FIRSTS)
    if style == 4:
        return f"{rng.choice(FIRSTS)} {surname[0]}."
    return f"{rng.choice(TITLES)} {surname[0]}"


def _initials(rng: random.Random) -> str:
    a, b = rng.sample("ABCDEFGHJKLMNPRSTW", 2)
    return rng.choice((f"{a}.{b}.", f"{a}{b}", f"{a}.{b}", f"student {a}{b}"))


FILLERS = {
    "name": _name,
    "name2": _name,
    "room": lambda rng: rng.choice(ROOMS),
    "grade": lambda rng: rng.choice(GRADES),
    "subj": lambda rng: rng.choice(SUBJECTS),
    "day": lambda rng: rng.choice(DAYS),
    "ini": _initials,
    "school": lambda rng: rng.choice(SCHOOLS),
    "n": lambda rng: str(rng.randint(2, 40)),
}

# Coaching Work: on the sidelines, watching teaching and learning and talking with the players about it.
COACHING = [
    "Obs {room} - {name} - {grade} {subj}",
    "Informal obs {name}",
    "Formal observation: {name} ({subj})",
    "Pre-obs conf w/ {name}",
    "Post-obs debrief {name}",
    "Feedback convo w/ {name} re: questioning",
    "Coaching mtg {name} - goal: student discourse",
    "Drop in {room} {subj}",
    "Classroom visits {grade}",
    "Watch {name} teach {subj}",
    "Sit in on {name}'s {subj} lesson",
    "Observe teacher-led PLC ({grade} team) - coach the facilitator",
    "Walk-through of science wing during labs",
    "Learning walk {grade}",
    "{grade} learning walk - {subj}",
    "Walkthroughs {grade} hallway classrooms",
    "Look at student work w/ {name} after obs",
    "Instructional rounds {grade}",
    "Check in on new teacher {name} - in class",
    "Lesson study obs - {subj}",
    "Watch video of {name}'s lesson together",
    "Debrief model lesson w/ {name}",
    "Co-observe {name} with IC",
    "5-min walkthroughs {grade} wing",
    "Observe small group instruction {room}",
    "Obs student teacher {name}",
    "Debrief walkthrough notes w/ {name}",
    "Goal-setting convo {name} (coaching cycle)",
    "Feedback: {name} wait time",
    "ECT lesson drop-in {name}",
    "Book look {grade} {subj}",
    "Pop into {room} - {name} new seating plan",
    "Spotlight obs: {name} exit tickets",
    "Mid-cycle check-in w/ {name} on coaching goal",
    "Visit {grade} classes - checking for engagement",
    "See {name} try the new discussion protocol",
    "Follow-up obs {name} (action step: cold call)",
    "Learning walk w/ coach - {subj} dept",
    "Observe {subj} stations in {room}",
    "Coaching cycle wk {n} - {name}",
    "Feedback mtg {name} - celebrate + 1 next step",
    "Observe reading conferences {grade}",
    "Watch {name}'s intervention group",
    "Lesson obs + feedback {name} {subj}",
    "Walk {grade} classrooms during independent reading",
    "Observe co-teaching {room} ({name} & {name2})",
    "Drop-ins: all {subj} classes",
    "In classrooms all morning",
    "Coaching block - {grade} classrooms",
    "Observe lab safety + inquiry in {room}",
    "Talk w/ {name} about what I saw in {subj}",
    "Reflective convo {name} - post observation",
    "Observe {name} using the new rubric w/ kids",
    "Student voice walk {grade} - what are kids learning?",
    "Drop by {name}'s class to see guided practice",
    "Observe {grade} math talks",
    "Sideline time: {grade} {subj}",
    "Watch PE lesson {name} + quick feedback",
    "Observe new hire {name} - classroom mgmt",
    "Peer obs debrief w/ {name}",
    "Classroom obs rotation ({n} rooms)",
    "Gemba walk {grade} classrooms",
    "Observe {name}'s class - checking the action step",
    "Feedback on {name}'s questioning (obs notes)",
    "Observe writers workshop {room}",
    "Watch {name} run morning meeting w/ students",
    "Formal eval obs #2 {name}",
    "Instructional coaching conv - {name}",
    "Walkthru {grade} - {subj}",
    "Obs {name} p{n}",
    "Observe {name}'s read-aloud {grade}",
    "Classroom observation {room}",
    "Watch {grade} lessons - student talk",
    "Observe {name} teaching {subj} - new unit",
    "Lesson visit {name}",
    "Visit {name}'s class, then chat at lunch re: pacing",
    "Drop-in obs {grade} {subj} x{n}",
    "See how {name}'s students do group work",
    "Observation debrief: {name}",
    "Observe {name}'s questioning in {subj}",
    "Watch {grade} students in {subj} lab",
    "Watch the {grade} {subj} lesson in {room}",
    "Observing {name} - behaviour routines in class",
    "Classroom walk {grade} w/ notes for teachers",
    "Learning walk focus: feedback in books",
    "Walk the {subj} corridor - lessons in progress",
    "Obs + coaching convo {name}",
    "Give {name} feedback from this morning's visit",
    "Feedback session w/ {name} (lesson {n})",
    "Chat w/ {name} re: what I saw in her lesson",
    "Coaching debrief {name} - next step: checks for understanding",
    "Lesson feedback {name} {subj}",
    "Post-observation conference {name}",
    "Pre-observation chat {name} - lesson plan",
    "Observe {name} trying the new phonics scheme",
    "In {room} for {subj} lesson",
    "Visit all {grade} rooms - student engagement",
    "See {name} teach the same lesson again",
    "Quick drop in {name} p{n}",
    "Walkthrough - {subj} dept - checking rigor",
    "Deep dive: {subj} lesson visits",
    "Observe intervention group {grade} reading",
    "Watch {name}'s small-group guided reading",
    "Observe {name} (ECT) - behaviour for learning",
    "Observe {name} (NQT) then feedback",
    "Look at books w/ {name} after the lesson",
    "Student work review w/ {name} from her unit",
    "Watch teacher {name} model the strategy",
    "Classroom visits then feedback notes",
    "Observe a {subj} lesson - {grade}",
    "Unannounced obs {name}",
    "Observe the coach co-teaching in {room}",
    "Observe {name}'s PLC facilitation + feedback",
    "Coaching: {name} classroom management goal",
    "Watch the class {name} asked me to see",
    "Sit in {room} during centers",
    "Observe student discussion {grade} {subj}",
    "Observe the new reading intervention in action",
    "Rounds: {grade} {subj}",
    "Obs {ini}'s teacher {name}",
]

# Technical Work: the hands-on tasks that run the school. (head, delegate role or "" for the leader's own)
TECHNICAL: list[tuple[str, str]] = [
    # front office
    ("[[Email|Emails|E-mail|Inbox zero|Answer email|Emails - respond]]", "administrative_assistant"),
    ("Clear inbox", "administrative_assistant"),
    ("Reply to emails from {day}", "administrative_assistant"),
    ("Newsletter draft", "administrative_assistant"),
    ("Sign letters for {grade} trip", "administrative_assistant"),
    ("Schedule mtgs for next wk", "administrative_assistant"),
    ("Print staff handbook copies", "administrative_assistant"),
    ("Update staff directory", "administrative_assistant"),
    ("Return voicemails", "administrative_assistant"),
    ("Filing backlog", "administrative_assistant"),
    ("Book sub for {name}", "administrative_assistant"),
    ("Cover list for {day}", "administrative_assistant"),
    ("Field trip permission slips - {grade}", "administrative_assistant"),
    ("Mail merge report card letters", "administrative_assistant"),
    ("Type up staff mtg minutes", "administrative_assistant"),
    ("Order office supplies", "administrative_assistant"),
    ("Calendar clean-up", "administrative_assistant"),
    ("Compliance training tracker - chase staff", "administrative_assistant"),
    ("Parent letter re: picture day", "administrative_assistant"),
    ("Call back {name} (parent) re: forms", "administrative_assistant"),
    ("Respond to parent emails", "administrative_assistant"),
    ("Set up assembly sign-ups", "administrative_assistant"),
    ("Photocopying for {day}", "administrative_assistant"),
    ("Visitor badges + sign in book", "administrative_assistant"),
    # money
    ("PO approvals - Title I", "bookkeeper"),
    ("Budget review {subj} dept", "bookkeeper"),
    ("Reconcile p-card", "bookkeeper"),
    ("Sign purchase orders", "bookkeeper"),
    ("[[Invoices|Bills|Vendor invoices]] to approve", "bookkeeper"),
    ("Fundraiser deposit", "bookkeeper"),
    ("Activity fund report", "bookkeeper"),
    ("Quotes for new chairs {room}", "bookkeeper"),
    ("Expense claims", "bookkeeper"),
    ("Petty cash count", "bookkeeper"),
    ("Grant spending report", "bookkeeper"),
    ("Budget mtg w/ business mgr", "bookkeeper"),
    ("Approve timesheets", "bookkeeper"),
    ("Order textbooks {grade} {subj}", "bookkeeper"),
    ("Requisitions", "bookkeeper"),
    ("Year-end budget close", "bookkeeper"),
    ("Pay vendor - bus company", "bookkeeper"),
    # records
    ("Enrolment paperwork - new family", "registrar"),
    ("Enrollment packet {name}", "registrar"),
    ("Attendance [[report|data|figures|returns]] [[|{grade}|for district]]", "registrar"),
    ("Chronic absence list", "registrar"),
    ("Withdrawal forms {ini}", "registrar"),
    ("Transcript requests", "registrar"),
    ("Cum files audit", "registrar"),
    ("Truancy letters", "registrar"),
    ("Registers not done - chase", "registrar"),
    ("Residency verification {name}", "registrar"),
    ("Records request from {school}", "registrar"),
    ("Class lists next yr", "registrar"),
    ("Census day count", "registrar"),
    ("Admissions waitlist", "registrar"),
    # building
    ("Building walk-through w/ fire marshal", "custodian"),
    ("Leak in {room}", "custodian"),
    ("Boiler not working", "custodian"),
    ("HVAC {room} too hot", "custodian"),
    ("Broken window {room}", "custodian"),
    ("Work order - gym lights", "custodian"),
    ("Snow removal plan", "custodian"),
    ("Playground inspection", "custodian"),
    ("Set up chairs for assembly", "custodian"),
    ("Pest control visit", "custodian"),
    ("Furniture move {room}", "custodian"),
    ("Toilets blocked - {grade} block", "custodian"),
    ("Fire extinguisher check", "custodian"),
    ("Clean-up after flooding in {room}", "custodian"),
    ("Roof contractor on site", "custodian"),
    ("Keys for {name}", "custodian"),
    ("Parking lot potholes", "custodian"),
    # health
    ("Med forms", "nurse"),
    ("Immunization compliance list", "nurse"),
    ("Epi-pen training", "nurse"),
    ("Head lice letter {grade}", "nurse"),
    ("Allergy action plans", "nurse"),
    ("Vision screening {grade}", "nurse"),
    ("Health plan review {ini}", "nurse"),
    ("Concussion paperwork {ini}", "nurse"),
    ("Flu clinic logistics", "nurse"),
    ("Meds audit - nurse office", "nurse"),
    # counselling
    ("504 plan mtg {ini}", "counselor"),
    ("Student conflict mediation {ini}", "counselor"),
    ("Schedule changes", "counselor"),
    ("Bullying report follow-up {ini}", "counselor"),
    ("Check in w/ {ini} (friendship issues)", "counselor"),
    ("College apps recs", "counselor"),
    ("Safeguarding referral {ini}", "counselor"),
    ("Attendance contract mtg {ini} + parent", "counselor"),
    ("Course selection nights", "counselor"),
    # discipline and students
    ("[[Discipline|Disc.|Office|Behavior]] referrals [[|{grade}|x{n}]]", "assistant_principal"),
    ("Suspension paperwork {ini}", "assistant_principal"),
    ("Detention list", "assistant_principal"),
    ("Investigate fight ({ini})", "assistant_principal"),
    ("Bus referral {ini}", "assistant_principal"),
    ("Re-entry mtg after suspension {ini}", "assistant_principal"),
    ("Behaviour log entries", "assistant_principal"),
    ("IEP mtg - {ini} (sped)", "assistant_principal"),
    ("Exclusion letter {ini}", "assistant_principal"),
    ("Call {name} re: bus", "assistant_principal"),
    ("Parent mtg re: {ini} behavior", "assistant_principal"),
    ("Master schedule", "assistant_principal"),
    ("State testing schedule", "assistant_principal"),
    ("Fire drill", "assistant_principal"),
    ("Lockdown drill debrief w/ SRO", "assistant_principal"),
    ("Phone confiscations", "assistant_principal"),
    ("Dress code calls", "assistant_principal"),
    ("Threat assessment {ini}", "assistant_principal"),
    ("Vape incident - bathroom", "assistant_principal"),
    ("Exam invigilation rota", "assistant_principal"),
    # technology
    ("Chromebook cart {room}", "technology"),
    ("Reset [[passwords|pw|logins]] [[|{grade}|for {name}]]", "technology"),
    ("Projector broken {room}", "technology"),
    ("Wifi down {room}", "technology"),
    ("Testing device setup", "technology"),
    ("Smartboard not working", "technology"),
    ("1:1 device distribution {grade}", "technology"),
    ("Google Classroom accounts", "technology"),
    ("Laptop inventory", "technology"),
    ("SIS permissions for new staff", "technology"),
    ("Doc cam in {room}", "technology"),
    ("Website update", "technology"),
    # teachers can cover these
    ("Cover {name}'s class p{n}", "teacher"),
    ("Sub for {grade} {subj}", "teacher"),
    ("Detention supervision", "teacher"),
    ("Run {grade} PLC", "teacher"),
    ("Lead {subj} dept mtg", "teacher"),
    ("Chess club supervision", "teacher"),
    ("Cover {room} - {name} out sick", "teacher"),
    # volunteer programme admin
    ("Volunteer background checks", "volunteer_coordinator"),
    ("Volunteer badges", "volunteer_coordinator"),
    ("DBS checks for parent helpers", "volunteer_coordinator"),
    ("Book fair volunteer schedule", "volunteer_coordinator"),
    ("Volunteer hours log", "volunteer_coordinator"),
    # supervision duties a volunteer network could take
    ("[[Car line|Carline|Car-line duty|Car rider line]]", "volunteers"),
    ("[[Cafeteria|Caf|Cafe]] duty", "volunteers"),
    ("Lunch duty [[|{grade}|- wk {n}|(outside)]]", "volunteers"),
    ("[[Recess|AM recess|PM recess|Recess #2]] duty", "volunteers"),
    ("Bus duty [[|AM|PM|- bay {n}|{day}]]", "volunteers"),
    ("Crossing duty", "volunteers"),
    ("Dismissal duty", "volunteers"),
    ("Morning drop-off", "volunteers"),
    ("Gym duty (rainy-day recess)", "volunteers"),
    ("Playground duty", "volunteers"),
    ("Arrival duty - front doors", "volunteers"),
    ("Lunchroom supervision", "volunteers"),
    ("Carpool", "volunteers"),
    ("Bus lines pm", "volunteers"),
    ("Break duty - yard", "volunteers"),
    ("Indoor recess supervision", "volunteers"),
    ("Dinner hall duty", "volunteers"),
    # the leader's own
    ("Principals mtg @ district", ""),
    ("Superintendent cabinet", ""),
    ("District data mtg", ""),
    ("Board meeting prep", ""),
    ("Summative eval paperwork - sign", ""),
    ("Budget hearing at district office", ""),
    ("Call area superintendent", ""),
    ("Governors' report", ""),
    ("Ofsted prep paperwork", ""),
    ("Accreditation self-study", ""),
    ("Staff mtg agenda", ""),
    ("Interview panel - custodian post", ""),
    ("Union grievance mtg", ""),
    ("Staffing plan for next year", ""),
    ("Compliance walk w/ district auditor", ""),
    ("Mtg w/ lawyer re: complaint", ""),
    ("Answer parent emails re: {grade} trip", "administrative_assistant"),
    ("Print certificates for assembly", "administrative_assistant"),
    ("Letters home - {grade}", "administrative_assistant"),
    ("Update the school calendar", "administrative_assistant"),
    ("Mail out report cards", "administrative_assistant"),
    ("Front desk cover", "administrative_assistant"),
    ("Sort post / mail", "administrative_assistant"),
    ("Book room for parent evening", "administrative_assistant"),
    ("Send reminder email re: photos", "administrative_assistant"),
    ("Phone messages", "administrative_assistant"),
    ("Staff absence calls", "administrative_assistant"),
    ("Signing in visitors", "administrative_assistant"),
    ("Order lunch for staff mtg", "administrative_assistant"),
    ("Budget line check - {subj}", "bookkeeper"),
    ("Receipts for conference trip", "bookkeeper"),
    ("Payroll queries", "bookkeeper"),
    ("School fund audit", "bookkeeper"),
    ("Order science supplies", "bookkeeper"),
    ("Credit card statement", "bookkeeper"),
    ("Cash from bake sale - count + bank", "bookkeeper"),
    ("Sign cheques", "bookkeeper"),
    ("Cost quotes for trip coach", "bookkeeper"),
    ("Finance mtg - spending", "bookkeeper"),
    ("Purchase request {name}", "bookkeeper"),
    ("Tardy list {grade}", "registrar"),
    ("New student file {ini}", "registrar"),
    ("Absence letters {grade}", "registrar"),
    ("Roll call / registers check", "registrar"),
    ("Enroll new kid {ini}", "registrar"),
    ("Attendance audit", "registrar"),
    ("Student records transfer {ini}", "registrar"),
    ("Update SIS contact info {ini}", "registrar"),
    ("Kinder registration", "registrar"),
    ("Admissions forms", "registrar"),
    ("Custodian re: {room} carpets", "custodian"),
    ("Lights out in {room}", "custodian"),
    ("Heating broken {room}", "custodian"),
    ("Fence repair - playground", "custodian"),
    ("Bathroom maintenance", "custodian"),
    ("Gym floor refinish", "custodian"),
    ("Repair door lock {room}", "custodian"),
    ("Caretaker - broken sink", "custodian"),
    ("Site check after storm", "custodian"),
    ("Water fountain repairs", "custodian"),
    ("Mould in {room}", "custodian"),
    ("Building inspection", "custodian"),
    ("Medication log check", "nurse"),
    ("Student health forms", "nurse"),
    ("Asthma plans {grade}", "nurse"),
    ("Lice checks", "nurse"),
    ("Head injury report {ini}", "nurse"),
    ("First aid kits restock", "nurse"),
    ("Diabetes care plan {ini}", "nurse"),
    ("Health screening forms", "nurse"),
    ("Sick bay cover", "nurse"),
    ("Vaccination records", "nurse"),
    ("Hearing screening {grade}", "nurse"),
    ("Student support mtg {ini}", "counselor"),
    ("Anxiety plan {ini}", "counselor"),
    ("Wellbeing check-in {ini}", "counselor"),
    ("Peer conflict {ini} + {ini}", "counselor"),
    ("Grief support {grade}", "counselor"),
    ("Child protection referral {ini}", "counselor"),
    ("Mental health referral {ini}", "counselor"),
    ("Timetable change requests", "counselor"),
    ("Student emotional support {ini}", "counselor"),
    ("Behaviour mtg {ini}", "assistant_principal"),
    ("Write up incident {ini}", "assistant_principal"),
    ("Suspension hearing {ini}", "assistant_principal"),
    ("Fight in cafeteria - statements", "assistant_principal"),
    ("Detention follow-up", "assistant_principal"),
    ("Expulsion paperwork", "assistant_principal"),
    ("Referral follow up {ini}", "assistant_principal"),
    ("Student behaviour plan {ini}", "assistant_principal"),
    ("Testing accommodations list", "assistant_principal"),
    ("Exams timetable", "assistant_principal"),
    ("Bus incident report", "assistant_principal"),
    ("Call parent re: {ini} suspension", "assistant_principal"),
    ("Laptop repair {name}", "technology"),
    ("Printer not working {room}", "technology"),
    ("iPad setup {grade}", "technology"),
    ("Email account for new teacher", "technology"),
    ("Tech issue - {room} speakers", "technology"),
    ("Network outage", "technology"),
    ("Software licences renewal", "technology"),
    ("Computer lab broken PCs", "technology"),
    ("Phone system down", "technology"),
    ("Device check-in end of year", "technology"),
    ("Cover lunch detention", "teacher"),
    ("Cover {grade} class - sub no show", "teacher"),
    ("Supervise study hall", "teacher"),
    ("Run {grade} team mtg", "teacher"),
    ("Cover {subj} p{n}", "teacher"),
    ("Facilitate {subj} PLC myself", "teacher"),
    ("Volunteer sign-up sheet", "volunteer_coordinator"),
    ("Volunteer paperwork", "volunteer_coordinator"),
    ("Parent helper rota for trip", "volunteer_coordinator"),
    ("Chaperone list {grade} trip", "volunteer_coordinator"),
    ("Volunteer thank-you notes", "volunteer_coordinator"),
    ("Reading volunteers schedule", "volunteer_coordinator"),
    ("Lunch supervision", "volunteers"),
    ("Yard duty", "volunteers"),
    ("Hall duty", "volunteers"),
    ("Crosswalk duty", "volunteers"),
    ("Parking lot duty am", "volunteers"),
    ("Pick-up line", "volunteers"),
    ("Drop off duty", "volunteers"),
    ("Canteen duty", "volunteers"),
    ("Lunch line duty", "volunteers"),
    ("After school pick up supervision", "volunteers"),
    ("Morning gate duty", "volunteers"),
    ("Bus loop supervision", "volunteers"),
    ("Playground supervision lunch", "volunteers"),
    ("District principals' meeting", ""),
    ("Meeting at central office", ""),
    ("School board mtg", ""),
    ("Superintendent visit prep", ""),
    ("District compliance report", ""),
    ("Sign teacher evaluations", ""),
    ("Performance review paperwork", ""),
    ("Area director call", ""),
    ("Trust CEO mtg", ""),
    ("Local authority report", ""),
    ("Hiring interviews - {subj} teacher", ""),
    ("HR mtg re: {name}", ""),
    ("Draft [[memo|letter|notice]] to families re: {day} closure", "administrative_assistant"),
    ("Proofread [[bulletin|newsletter|handbook]]", "administrative_assistant"),
    ("Arrange [[meeting|mtg]] room + refreshments", "administrative_assistant"),
    ("Collect forms from {grade} teachers", "administrative_assistant"),
    ("Scan + file [[contracts|forms|letters]]", "administrative_assistant"),
    ("Reply to [[enquiries|inquiries]] from prospective parents", "administrative_assistant"),
    ("Lost property sort", "administrative_assistant"),
    ("Staff birthday cards", "administrative_assistant"),
    ("[[Vendor|Supplier]] payments overdue", "bookkeeper"),
    ("[[Reconcile|Check]] [[PTA|club|trip]] account", "bookkeeper"),
    ("[[Spending|Budget]] [[report|forecast]] Q{n}", "bookkeeper"),
    ("Sign off [[reimbursements|mileage claims]]", "bookkeeper"),
    ("Title I [[budget|allocation|spend]]", "bookkeeper"),
    ("[[Uniform|Lunch]] account balances", "bookkeeper"),
    ("Trip payments outstanding {grade}", "bookkeeper"),
    ("[[Attendance|Absence]] [[calls|phone calls]] to families", "registrar"),
    ("Late arrivals [[log|book]]", "registrar"),
    ("[[Enrolment|Enrollment]] numbers for {day}", "registrar"),
    ("Student [[records|files]] [[update|cleanup]]", "registrar"),
    ("[[New|Incoming]] student [[intake|registration]] {ini}", "registrar"),
    ("[[Transfer|Leaver]] paperwork {ini}", "registrar"),
    ("[[Broken|Damaged]] [[desk|door|ceiling tile]] {room}", "custodian"),
    ("[[Spill|Vomit|Mess]] in {room}", "custodian"),
    ("[[Grounds|Field]] [[mowing|maintenance]]", "custodian"),
    ("[[Plumbing|Electrical]] issue {room}", "custodian"),
    ("[[Move|Deliver]] [[tables|desks|boxes]] to {room}", "custodian"),
    ("[[Trash|Rubbish|Recycling]] [[pickup|collection]] issue", "custodian"),
    ("[[Sick|Ill]] [[kids|students]] in office - call home", "nurse"),
    ("[[Medication|Meds]] [[forms|permission|consent]] {ini}", "nurse"),
    ("[[Injury|Accident]] [[log|report|form]] {ini}", "nurse"),
    ("[[Allergy|Asthma|Seizure]] [[list|plan|training]] for staff", "nurse"),
    ("Health [[office|room]] [[supplies|cover]]", "nurse"),
    ("[[Student|Pupil]] [[wellbeing|welfare]] [[referral|concern]] {ini}", "counselor"),
    ("[[Friendship|Peer]] [[issue|problem|dispute]] {grade}", "counselor"),
    ("[[Counselling|Counseling]] [[referral|session request]] {ini}", "counselor"),
    ("[[Class|Course]] [[change|drop/add]] requests", "counselor"),
    ("[[Fight|Incident|Altercation]] [[follow-up|statements|paperwork]] {ini}", "assistant_principal"),
    ("[[Bus|Hallway|Lunchroom]] [[behavior|behaviour]] [[referrals|incident]]", "assistant_principal"),
    ("[[Parent|Mum|Dad]] [[complaint|call]] re: {ini} [[consequence|detention]]", "assistant_principal"),
    ("[[Truancy|Skipping]] [[mtg|follow-up]] {ini}", "assistant_principal"),
    ("[[Laptop|Chromebook|iPad]] [[broken|cracked|missing]] {ini}", "technology"),
    ("[[Login|Password|Account]] [[problems|issues]] {grade}", "technology"),
    ("[[Internet|Network|Wifi]] [[slow|outage|issues]] [[|{room}]]", "technology"),
    ("[[Projector|Screen|Speaker|Doc camera]] [[fix|repair]] {room}", "technology"),
    ("[[Cover|Sub]] [[needed|for]] {grade} [[|{subj}]]", "teacher"),
    ("[[Supervise|Run]] [[detention|study hall|homework club]]", "teacher"),
    ("[[Volunteer|Helper]] [[clearances|checks|badges]] [[expiring|due]]", "volunteer_coordinator"),
    ("[[Schedule|Rota]] [[parent helpers|reading volunteers|trip chaperones]]", "volunteer_coordinator"),
    ("[[Lunch|Recess|Break|Yard]] [[cover|supervision]] {day}", "volunteers"),
    ("[[AM|PM|Morning|Afternoon]] [[arrival|dismissal|drop-off|pick-up]] [[duty|supervision]]", "volunteers"),
    ("[[Bus|Car|Crossing|Traffic]] [[duty|patrol]] [[|{day}]]", "volunteers"),
]

# Leveraged Leadership Work: reinventing how technical work gets done and growing the next leaders.
LEVERAGED = [
    "Identify future leaders on staff",
    "Career convo w/ {name}: AP role?",
    "Coffee w/ {name}: thinking about an AP role?",
    "Train teacher leaders to run PLCs",
    "PLC facilitator training - {name}, {name2}",
    "Recruit retired volunteers for car line committee",
    "Mtg w/ PTA chair re: parent volunteer network for cafeteria",
    "Set up safety committee of community volunteers",
    "Compare & contrast classroom visit w/ {name} (she presents to dept after)",
    "Train front office to own attendance calls",
    "Teach {name} (sec) to run the daily schedule",
    "Aspiring leaders cohort session",
    "Mentor {name} for dept head role",
    "Build volunteer crossing-guard rota w/ retirees",
    "Hand off budget process to bookkeeper - training",
    "Leadership pipeline planning",
    "Grow-your-own teacher leaders programme",
    "Coach {name} to lead the data team",
    "1:1 w/ {name} about leadership ambitions",
    "Plan a teacher-led learning walk programme",
    "Empower PTA chair to build volunteer shifts",
    "Design duty rota run by parent volunteers",
    "Succession plan for AP post",
    "Train IC to run new-teacher induction",
    "Set up student ambassadors to give school tours",
    "Newsletter handover to admin asst - training",
    "Write SOP w/ registrar so enrolment runs without me",
    "{name} presents to staff what she learned from our compare/contrast visits",
    "NPQSL convo w/ {name}",
    "Shadow day for aspiring AP {name}",
    "Recruit grandparents for lunch duty rota",
    "Train {name} to facilitate {grade} PLC",
    "Launch parent volunteer committee for arrival",
    "Talk w/ {name} about applying for assistant head",
    "Teacher leadership academy - session {n}",
    "Build a first responders team for office issues",
    "Train AP to run discipline without me",
    "Delegate car line to volunteer committee - kickoff",
    "Develop {name} as PD lead",
    "Mtg w/ Rotary club re: volunteer mentors",
    "Leadership conversation w/ {name} - 5 yr goals",
    "Set up peer observation program led by teachers",
    "Prep {name} to present her lab visit learnings at staff mtg",
    "Onboard retired teachers as volunteer tutors",
    "Invite {name} to co-lead the SIP committee (growth)",
    "Design the teacher-leader role descriptions",
    "Training session: front office runs my calendar",
    "Recruit dads' club for dismissal duty",
    "Ask {name} + {name2} to lead the PLC leads network",
    "Future leaders lunch ({n} teachers)",
    "Build parent ambassador network",
    "Handover: {name} to run master schedule next year",
    "Train {name} (secretary) to triage parent calls",
    "Coach {name2} through leading the book study",
    "Volunteer recruitment night - retirees + parents",
    "Career pathways chat w/ {name}",
    "Empower student council to run assemblies",
    "Mentoring mtg w/ aspiring principal {name}",
    "Talk w/ {name} about leading a PLC next year",
    "Identify 5 teachers w/ leadership potential",
    "Meet aspiring leaders group",
    "Teacher leader training - PLC facilitation",
    "Recruit volunteers for safety committee",
    "PTA chair: set up cafeteria volunteer shifts",
    "Build parent volunteer network for recess",
    "Train office staff to handle parent calls",
    "Train {name} to run attendance follow-up",
    "Set up teacher-led PD sessions",
    "Career goals conversation {name}",
    "{name} wants to be an AP - mentoring plan",
    "Leadership development mtg w/ {name}",
    "Mentor {name} (future principal)",
    "Compare-contrast visit w/ {name} to {school}",
    "Classroom visit w/ {name} - she'll share at staff mtg",
    "Prep {name} to present at PD what she saw in our visits",
    "Recruit community volunteers - bus duty",
    "Launch grandparent volunteer corps",
    "Volunteer committee kickoff",
    "Handover attendance process to registrar (training)",
    "Teach front office to run the daily mtg agenda",
    "Coach teacher leaders on running data mtgs",
    "Empower {name} to lead the PBIS team",
    "Distributed leadership plan",
    "Grow teacher leaders - cohort {n}",
    "Leadership coaching for dept heads",
    "Build a team to run the car line w/o me",
    "Set up volunteer dads for crossing",
    "Stretch assignment for {name}: lead SIP goal",
    "Aspiring AP shadowing - {name}",
    "Conversation about leadership with {name}",
    "Retired teachers volunteer committee",
    "Recruit parent volunteers for lunchroom",
    "Plan the future leaders program",
    "Train team leads to run their own meetings",
    "Set up student leaders to run morning announcements",
    "Develop middle leaders - session {n}",
]

PERSONAL = [
    "[[Dentist|Dentist appt|dentist 4pm|Dentist (me)]]",
    "[[pick up kids|Pick up the kids|kids pickup|Collect kids]]",
    "[[Doctor appt|GP appt|Dr appt|Doctors]]",
    "[[Gym|Gym session|Spin class|Gym - legs]]",
    "Haircut",
    "Lunch w/ mom",
    "{first}'s soccer game",
    "Vet - dog",
    "School run (my kids)",
    "Car service",
    "Parent-teacher conf for my son",
    "Anniversary dinner",
    "Flight to Denver",
    "Pay mortgage",
    "Yoga",
    "Physio",
    "Pharmacy pickup",
    "Birthday - {first}",
    "Date night",
    "Dry cleaning",
    "Call mum",
    "Dog walker",
    "Eye exam",
    "Mechanic - brakes",
    "Therapy",
    "Annual leave",
    "Half term hols",
    "Grocery order",
    "{first}'s piano recital",
    "Orthodontist - {first}",
    "Run club",
    "Dinner at {first}'s",
    "Book club (mine)",
    "Pick up {first} from daycare",
    "Plumber at home",
    "Wedding - cousin",
    "Passport renewal",
    "Pilates",
    "Hair appt",
    "Take car for MOT",
    "Church",
    "Dentist - kids",
    "Swim lessons - {first}",
    "Physical (my annual)",
    "Sister's visit",
    "Bank appt - mortgage",
    "Mum's hospital appt",
    "Pay credit card",
    "Nap!!",
    "Walk the dog",
    "Doctor - my physical",
    "Kids' dentist",
    "Take {first} to the doctor",
    "Dinner w/ friends",
    "Flight home",
    "Gym - cardio",
    "Optician",
    "Massage",
    "Pick up {first} from practice",
    "My son's basketball game",
    "{first}'s school play (my kid)",
    "Counselling appt (me)",
    "Car wash",
    "Oil change",
    "Groceries",
    "Hospital - mum",
    "Vacation",
    "Day off",
    "Personal day",
    "Mom's birthday",
    "Coffee w/ my sister",
    "Vet appt - cat",
    "Nail appt",
    "Barber",
    "Tax return (personal)",
    "Kids' swim meet",
    "Daughter's recital",
    "Parents evening at {first}'s school",
    "Home insurance call",
    "Landlord - repairs at my flat",
    "Boiler service at home",
    "Jog",
    "Meditation",
    "Lunch break",
    "Soccer practice - coach my kid's team",
]

# Long job-description style statements used for training.
STATEMENT_TRAIN: dict[str, list[str]] = {
    "coaching": [
        "Conduct regular classroom observations and provide actionable feedback to teachers on {topic}",
        "Observe {topic} in classrooms across the building and debrief each teacher within 48 hours",
        "Spend two full days each week in classrooms watching teaching and learning in action",
        "Hold post-observation coaching conversations focused on each teacher's goal for {topic}",
        "Visit every classroom at least once a fortnight to see how students experience {topic}",
        "Give teachers specific, targeted feedback after informal walkthroughs of their lessons",
        "Monitor the quality of instruction through frequent drop-in visits and follow-up conversations",
        "Support new teachers through a cycle of observation, feedback and re-observation on {topic}",
    ],
    "technical": [
        "Oversee the {obj} and make sure every deadline is met",
        "Manage the {obj} for the whole school",
        "Process and file all paperwork related to the {obj}",
        "Coordinate with the district office on the {obj}",
        "Ensure compliance with state and district requirements for the {obj}",
        "Maintain accurate records for the {obj} and report them monthly",
        "Supervise students during {duty} every day",
        "Handle parent phone calls and complaints about the {obj}",
        "Prepare the annual report on the {obj} for the governing board",
        "Respond to all staff and parent email about the {obj} within one working day",
    ],
    "leveraged": [
        "Identify and develop future school leaders among the teaching staff through {lev}",
        "Build a network of parent and community volunteers to take on {duty}",
        "Train teacher leaders to facilitate professional learning communities without the principal",
        "Hold one-to-one career conversations with promising teachers about {lev}",
        "Empower front office staff to own {obj} so the principal no longer touches it",
        "Recruit a committee of retired volunteers to support {duty} twice a day",
        "Redesign how the {obj} gets done so that staff run it without the principal",
        "Grow the next generation of leaders by {lev}",
    ],
    "personal": [
        "Take my daughter to her orthodontist appointment after work",
        "Collect the kids from grandma's house on the way home",
        "Book a check-up with my own doctor before the holidays",
        "Renew my car insurance and sort out the home broadband contract",
    ],
}
STATEMENT_SLOTS = {
    "topic": (
        "student discourse",
        "checks for understanding",
        "questioning techniques",
        "classroom routines",
        "guided reading groups",
        "differentiation for English learners",
        "lab inquiry",
        "math discussions",
    ),
    "obj": (
        "school budget and purchasing process",
        "attendance and enrollment records",
        "building maintenance schedule",
        "student discipline process",
        "fire and emergency drill program",
        "state testing logistics",
        "special education paperwork",
        "staff absence and substitute process",
        "school bus arrangements",
        "medication and health records",
    ),
    "duty": ("car line", "cafeteria duty", "recess supervision", "bus duty", "morning arrival", "dismissal"),
    "lev": (
        "training them to lead PLCs",
        "an aspiring leaders program",
        "shadowing opportunities",
        "compare-and-contrast classroom visits they then present to colleagues",
        "mentoring toward assistant principal roles",
    ),
}

# Held-out long statements, deliberately in different vocabulary from the training statements.
STATEMENT_HELDOUT: list[tuple[str, str, str]] = [
    (
        "Oversee the implementation of district safety protocols across campus facilities",
        "technical",
        "custodian",
    ),
    (
        "Administer the campus operating budget and authorize expenditures against allocated funds",
        "technical",
        "bookkeeper",
    ),
    (
        "Verify residency documentation and maintain the integrity of the student information system",
        "technical",
        "registrar",
    ),
    (
        "Coordinate maintenance contractors and track open work orders for the physical plant",
        "technical",
        "custodian",
    ),
    (
        "Administer consequences under the student code of conduct and document each disciplinary incident",
        "technical",
        "assistant_principal",
    ),
    (
        "Supervise pupils in the dining hall and on the playground during the midday break",
        "technical",
        "volunteers",
    ),
    (
        "Arrange substitute coverage and notify affected staff of daily schedule changes",
        "technical",
        "administrative_assistant",
    ),
    (
        "Track immunization records and ensure medication administration follows state law",
        "technical",
        "nurse",
    ),
    (
        "Troubleshoot instructional technology and manage the inventory of student devices",
        "technical",
        "technology",
    ),
    (
        "Attend mandatory district principal meetings and complete required central office reporting",
        "technical",
        "",
    ),
    ("Reconcile procurement card statements and submit vendor payments on time", "technical", "bookkeeper"),
    (
        "Manage correspondence, answer incoming calls and keep the front office running smoothly",
        "technical",
        "administrative_assistant",
    ),
    (
        "Monitor the arrival and departure of buses and keep students safe at the curb",
        "technical",
        "volunteers",
    ),
    ("Compile chronic absenteeism data and send statutory letters to families", "technical", "registrar"),
    (
        "Schedule and run evacuation and shelter-in-place drills in line with the fire code",
        "technical",
        "assistant_principal",
    ),
    (
        "Ensure all HVAC, plumbing and electrical issues are logged and resolved promptly",
        "technical",
        "custodian",
    ),
    (
        "Process requisitions and reconcile the student activity accounts each month",
        "technical",
        "bookkeeper",
    ),
    (
        "Handle incoming transfer paperwork and request cumulative folders from previous schools",
        "technical",
        "registrar",
    ),
    (
        "Prepare paperwork for the annual compliance audit from the state department of education",
        "technical",
        "",
    ),
    ("Run the lunchtime supervision rota and stand on duty in the canteen", "technical", "volunteers"),
    (
        "Spend extended time in classrooms studying how pupils respond to instruction and then talk with the "
        "teacher about it",
        "coaching",
        "",
    ),
    (
        "Analyse lesson evidence gathered during unannounced visits and hold reflective dialogue with staff",
        "coaching",
        "",
    ),
    (
        "Frequently circulate through instructional spaces to gauge student engagement and rigor, then confer "
        "with teachers",
        "coaching",
        "",
    ),
    (
        "Evaluate the quality of pedagogy by watching lessons and offering teachers growth-oriented next steps",
        "coaching",
        "",
    ),
    (
        "Accompany the literacy specialist into primary classrooms to watch phonics instruction and discuss it "
        "with each teacher",
        "coaching",
        "",
    ),
    (
        "Provide instructional staff with timely, evidence-based commentary following lesson visits",
        "coaching",
        "",
    ),
    (
        "Attend teacher-facilitated collaborative team meetings as an observer to give the facilitator feedback",
        "coaching",
        "",
    ),
    (
        "Study learners' discourse during live lessons and help each educator refine their practice",
        "coaching",
        "",
    ),
    (
        "Undertake a cycle of lesson visits and reflective follow-up with early-career educators",
        "coaching",
        "",
    ),
    (
        "Examine pupils' exercise books alongside the teacher to discuss progress seen in lessons",
        "coaching",
        "",
    ),
    (
        "Scout emerging talent on the faculty and cultivate their aspirations toward administrative posts",
        "leveraged",
        "",
    ),
    ("Equip department chairs to independently facilitate collaborative inquiry cycles", "leveraged", ""),
    (
        "Mobilize retirees and neighbourhood groups to staff arrival and dismissal safety patrols",
        "leveraged",
        "",
    ),
    (
        "Restructure office workflows so that clerical staff take full ownership of routine operations",
        "leveraged",
        "",
    ),
    (
        "Cultivate a bench of aspiring administrators through mentoring and stretch assignments",
        "leveraged",
        "",
    ),
    (
        "Partner with the parent association to establish a rota in which every family staffs the lunchroom once "
        "a year",
        "leveraged",
        "",
    ),
    (
        "Build distributed leadership capacity by preparing teachers to guide their colleagues' professional "
        "learning",
        "leveraged",
        "",
    ),
    (
        "Design a sustainable system in which community volunteers assume responsibility for campus orderliness",
        "leveraged",
        "",
    ),
    (
        "Invite a teacher to join paired classroom visits and then share her insights with the whole faculty",
        "leveraged",
        "",
    ),
    (
        "Discuss long-term professional goals with high-potential staff and map a route to school leadership",
        "leveraged",
        "",
    ),
    ("Collect my son from football practice and take him to the orthodontist", "personal", ""),
    ("Attend my own medical appointment and pick up a prescription on the way home", "personal", ""),
]

# Items a leader could reasonably mean more than one way: the engine should ask, not guess.
AMBIGUOUS: list[tuple[str, str]] = [
    ("Leadership team mtg", "technical|leveraged"),
    ("PD planning w/ Gr 3 team", "technical|leveraged|coaching"),
    ("SLT mtg", "technical|leveraged"),
    ("Mtg w/ Ms Park", "coaching|technical|leveraged"),
    ("Data mtg", "technical|coaching"),
    ("Check in w/ new teachers", "coaching|leveraged|technical"),
    ("Grade 5 team", "technical|coaching|leveraged"),
    ("Talk to Jones", "coaching|technical|leveraged"),
    ("Curriculum review", "technical|coaching"),
    ("Book study", "leveraged|coaching|technical"),
    ("ECT mentor mtg", "coaching|leveraged"),
    ("Convo w/ coach", "coaching|leveraged|technical"),
    ("Dept heads", "technical|leveraged"),
    ("PLC", "technical|coaching|leveraged"),
    ("Staff PD", "technical|leveraged|coaching"),
    ("Meet Ms Chen re: next year", "leveraged|technical"),
    ("Follow up w/ Hughes", "coaching|technical"),
    ("Teacher evaluations", "coaching|technical"),
    ("Planning time", "technical|coaching|personal"),
    ("1:1 with AP", "technical|leveraged"),
    ("Instructional leadership team", "technical|leveraged|coaching"),
    ("Walk", "coaching|technical|personal"),
    ("Lunch w/ Garcia", "leveraged|personal|coaching"),
    ("Parent volunteers", "technical|leveraged"),
    ("Debrief", "coaching|technical"),
    ("SIP review", "technical|leveraged"),
    ("Mtg re: Y9 results", "technical|coaching"),
    ("Training", "leveraged|technical"),
    ("Call Mr Quinn", "technical|leveraged|personal"),
    ("Team meeting 4th gr", "technical|coaching|leveraged"),
    ("Catch up w/ IC", "coaching|leveraged|technical"),
    ("Hiring", "technical|leveraged"),
    ("Assessment calendar", "technical|coaching"),
    ("Mentoring", "leveraged|coaching"),
    ("Observation schedule", "coaching|technical"),
    ("Retreat planning", "technical|leveraged"),
    ("Coffee w/ Nakamura", "leveraged|personal|coaching"),
    ("Vertical team mtg - math", "technical|coaching"),
    ("Committee", "technical|leveraged"),
    ("Staff survey", "technical|leveraged"),
]

TYPO_RE = re.compile(r"[A-Za-z]{4,}")


def _typo(text: str, rng: random.Random) -> str:
    words = list(TYPO_RE.finditer(text))
    if not words:
        return text
    m = rng.choice(words)
    w = m.group()
    i = rng.randrange(1, len(w) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        w2 = w[:i] + w[i + 1 :]  # dropped letter
    elif kind == 1:
        w2 = w[: i - 1] + w[i] + w[i - 1] + w[i + 1 :]  # swapped letters
    else:
        w2 = w[:i] + w[i] + w[i:]  # doubled letter
    return text[: m.start()] + w2 + text[m.end() :]


def _fill(head: str, rng: random.Random) -> str:
    def repl(m: re.Match[str]) -> str:
        key = m.group(1)
        if key == "first":
            return rng.choice(FIRSTS)
        return FILLERS[key](rng)

    head = re.sub(r"\[\[([^\]]*)\]\]", lambda m: rng.choice(m.group(1).split("|")), head)
    return re.sub(r"\{(\w+)\}", repl, head)


def _dress(text: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.18:
        text = f"{rng.choice(TIMES)} {text}"
    elif r < 0.26:
        text = f"{rng.choice(DAYS)}: {text}"
    if rng.random() < 0.15:
        text += rng.choice(SUFFIXES)
    r = rng.random()
    if r < 0.15:
        text = text.lower()
    elif r < 0.19:
        text = text.upper()
    if rng.random() < 0.15:
        text = _typo(text, rng)
    return text


def _norm_key(text: str) -> str:
    return re.sub(r"[^a-z]+", " ", text.lower()).strip()


def _heldout(head: str) -> bool:
    return int(hashlib.sha256(head.encode()).hexdigest(), 16) % HELDOUT_EVERY == 0


def build() -> tuple[list[tuple[str, str, str, str, str, str]], list[tuple[str, str]]]:
    rng = random.Random(SEED)
    rows: list[tuple[str, str, str, str, str, str]] = []
    seen: set[str] = set()

    def add(text: str, category: str, delegate: str, split: str, kind: str, group: str) -> None:
        text = " ".join(text.split())
        key = _norm_key(text)
        if key in seen or not key:
            return
        seen.add(key)
        rows.append((text, category, delegate, split, kind, group))

    heads: list[tuple[str, str, str]] = [(h, "coaching", "") for h in COACHING]
    heads += [(h, "technical", d) for h, d in TECHNICAL]
    heads += [(h, "leveraged", "") for h in LEVERAGED]
    heads += [(h, "personal", "") for h in PERSONAL]
    for number, (head, category, delegate) in enumerate(heads):
        group = f"{category[0]}{number:03d}"
        split = "heldout" if _heldout(head) else "train"
        has_slots = "{" in head or "[[" in head
        # The bare head first, then dressed variants; slot-free heads get fewer, since they can only vary in dress.
        add(_fill(head, rng), category, delegate, split, "title", group)
        for _ in range(VARIANTS_PER_HEAD if has_slots else VARIANTS_PER_HEAD // 2 + 1):
            add(_dress(_fill(head, rng), rng), category, delegate, split, "title", group)

    for category, templates in STATEMENT_TRAIN.items():
        for number, template in enumerate(templates):
            group = f"s{category[0]}{number:02d}"
            slots = re.findall(r"\{(\w+)\}", template)
            combos = 6 if slots else 1
            for _ in range(combos):
                text = template
                for slot in slots:
                    text = text.replace("{" + slot + "}", rng.choice(STATEMENT_SLOTS[slot]), 1)
                delegate = ""
                if category == "technical":
                    delegate = _statement_delegate(text)
                add(text, category, delegate, "train", "statement", group)

    for number, (text, category, delegate) in enumerate(STATEMENT_HELDOUT):
        add(text, category, delegate, "heldout", "statement", f"h{number:02d}")
    return rows, AMBIGUOUS


def _statement_delegate(text: str) -> str:
    table = (
        ("budget", "bookkeeper"),
        ("attendance", "registrar"),
        ("maintenance", "custodian"),
        ("discipline", "assistant_principal"),
        ("drill", "assistant_principal"),
        ("testing", "assistant_principal"),
        ("special education", "assistant_principal"),
        ("substitute", "administrative_assistant"),
        ("bus arrangements", "assistant_principal"),
        ("medication", "nurse"),
    )
    if text.startswith("Supervise students"):
        return "volunteers"
    for needle, role in table:
        if needle in text:
            return role
    return ""


def main() -> None:
    rows, ambiguous = build()
    with (HERE / "corpus.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(("text", "category", "delegate_to", "split", "kind", "group"))
        w.writerows(rows)
    with (HERE / "ambiguous.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(("text", "plausible"))
        w.writerows(ambiguous)
    counts: dict[tuple[str, str], int] = {}
    for _, category, _, split, _, _ in rows:
        counts[(category, split)] = counts.get((category, split), 0) + 1
    print(f"{len(rows)} items, {len(ambiguous)} ambiguous")
    for key in sorted(counts):
        print(" ", *key, counts[key])


if __name__ == "__main__":
    main()
