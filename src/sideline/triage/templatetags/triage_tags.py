"""`{% include_if_exists %}`: include another app's partial when that app provides it, else nothing.

The inbox offers the delegation app's "Hand over" button without depending on that app being finished:
before the partial exists the page simply has no button.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template import Context, TemplateDoesNotExist
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def include_if_exists(context: Context, template_name: str, **extra: Any) -> SafeString:
    try:
        partial = context.template.engine.get_template(template_name)  # type: ignore[union-attr]
    except TemplateDoesNotExist:
        return mark_safe("")
    # Rendered in the page's own context, so csrf_token, request and the user reach the partial.
    with context.push(**extra):
        return mark_safe(partial.render(context))
