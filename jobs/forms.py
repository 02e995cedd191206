from django import forms

from .models import Job


class ApplicationForm(forms.Form):
    """Built per job: one field per question, one checkbox list of qualifications."""

    candidate_name = forms.CharField(label="Your name", max_length=200)
    email = forms.EmailField(label="Email")

    def __init__(self, *args, job: Job, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = job
        self.questions = list(job.questions.all())
        for question in self.questions:
            name = f"question_{question.pk}"
            if question.options:
                self.fields[name] = forms.ChoiceField(
                    label=question.prompt, choices=[(o, o) for o in question.options], widget=forms.RadioSelect
                )
            else:
                self.fields[name] = forms.CharField(label=question.prompt, widget=forms.Textarea(attrs={"rows": 3}))
        self.fields["qualifications"] = forms.MultipleChoiceField(
            label="Which of these do you meet?",
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(str(q.pk), f"{q.text} ({q.kind.lower()})") for q in job.qualifications.all()],
        )

    def answers(self) -> dict[str, str]:
        return {str(q.pk): self.cleaned_data[f"question_{q.pk}"] for q in self.questions}

    def met_qualification_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["qualifications"]]
