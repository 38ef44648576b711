"""Sideline: time, coaching and delegation for school leaders."""
