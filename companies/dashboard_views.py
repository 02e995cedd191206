"""Company dashboard pages (placeholder, being built)."""

from django.shortcuts import render

from companies.access import company_staff_required


@company_staff_required
def company_profile(request, *, company):
    return render(request, "dashboard/placeholder.html")


key_list = team = company_profile
