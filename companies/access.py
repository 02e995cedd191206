"""Who may use the company dashboard: one decorator resolves the staff member's company for every view."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from .selectors import company_for_user


def company_staff_required(view):
    """Anonymous visitors go to login and come back; a user without a membership gets a 403 page.

    The view receives `company` as a keyword, so every query it makes can be scoped by construction
    (`Job.objects.filter(company=company, pk=…)`) and another company's object is simply not found.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        company = company_for_user(request.user)
        if company is None:
            return render(request, "dashboard/no_company.html", status=403)
        request.company = company
        return view(request, *args, company=company, **kwargs)

    return wrapper
