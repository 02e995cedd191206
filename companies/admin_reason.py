"""An admin action that asks why before it acts (blocking needs an adminReason on record)."""

from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse


class ReasonForm(forms.Form):
    admin_reason = forms.CharField(
        label="Reason (recorded; the company sees it on its dashboard)", widget=forms.Textarea(attrs={"rows": 3})
    )


def reason_action(
    *, name: str, title: str, perform, report, permissions: tuple[str, ...], form_class: type[forms.Form] = ReasonForm
):
    """Builds an admin action: first shows a reason form, then calls perform(modeladmin, request, obj, reason) per
    object, and report(modeladmin, request, results) once with what each call returned. perform reports its own
    refusals with modeladmin.message_user and returns None for them.

    `permissions` works as in @admin.action: the ModelAdmin's has_<perm>_permission(request) must all allow it,
    or the action is neither listed nor run (a crafted POST included), both for the form and for the apply step.
    `form_class`: a form whose first field is the reason (ReasonForm's admin_reason unless told).
    """

    def action(modeladmin, request, queryset):
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data[next(iter(form.fields))]
            results = [perform(modeladmin, request, obj, reason) for obj in queryset]
            report(modeladmin, request, [result for result in results if result is not None])
            return None
        return TemplateResponse(
            request,
            "admin/action_reason.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": title,
                "objects": list(queryset),
                "form": form,
                "action": name,
            },
        )

    action.__name__ = name
    return admin.action(description=title, permissions=permissions)(action)
