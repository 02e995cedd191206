"""Django's template backend, except that a rendered page never holds text the response encoder refuses.

Text with an unpaired surrogate cannot be stored any more (the validators refuse it), but a row written before
that rule (on SQLite, inside a JSON list) would otherwise turn every page listing it into a 500 for everyone.
"""

from django.template import TemplateDoesNotExist
from django.template.backends.django import DjangoTemplates, Template, reraise
from django.utils.safestring import SafeData, mark_safe

from plumbing.input_rules import has_unpaired_surrogate, replace_unpaired_surrogates


class TextSafeTemplate(Template):
    def render(self, context=None, request=None):
        rendered = super().render(context, request)
        if not has_unpaired_surrogate(rendered):
            return rendered
        replaced = replace_unpaired_surrogates(rendered)
        return mark_safe(replaced) if isinstance(rendered, SafeData) else replaced


class TextSafeTemplates(DjangoTemplates):
    def from_string(self, template_code):
        return TextSafeTemplate(self.engine.from_string(template_code), self)

    def get_template(self, template_name):
        try:
            return TextSafeTemplate(self.engine.get_template(template_name), self)
        except TemplateDoesNotExist as exc:
            reraise(exc, self)
