"""The disclosure form: one answer per element, rows of tools, segments and consents.

The form refuses only what cannot be stored (an unreadable timecode, a segment without its
start, end or element, a bad document); everything else is saved as a draft and shown as a
problem from `validation` next to its field."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    FileField,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional

from festival.disclosure.enums import (
    AudienceNotice,
    ConsentBasis,
    ConsentKind,
    Element,
    Evidence,
    Extent,
)
from festival.disclosure.services import ConsentData
from festival.disclosure.timecode import TimecodeError, format_timecode, parse_timecode
from festival.disclosure.validation import (
    Attestations,
    DisclosureDraft,
    ElementAnswer,
    SegmentDraft,
    ToolUse,
)
from festival.forms import (
    MultiCheckboxField,
    SiteForm,
    SiteSubform,
    bounded_text,
    enum_choices,
    stripped,
)

MAX_TEXT = 20_000


def _text(label, max_length=MAX_TEXT, **kwargs):
    return bounded_text(label, max_length, field_class=TextAreaField, default="", **kwargs)


def _line(label, max_length, **kwargs):
    return bounded_text(label, max_length, default="", **kwargs)


class ToolForm(SiteSubform):
    name = _line(_l("Tool"), 100, render_kw={"list": "tool-suggestions", "autocomplete": "off"})
    version = _line(_l("Version or model"), 100)
    vendor = _line(_l("Vendor"), 100, render_kw={"list": "tool-vendors", "autocomplete": "off"})

    def is_blank(self) -> bool:
        return not (self.name.data or self.version.data or self.vendor.data)


class ElementForm(SiteSubform):
    extent = RadioField(
        _l("How much AI was used?"),
        choices=enum_choices(Extent),
        validators=[Optional()],
    )
    tools = FieldList(FormField(ToolForm), min_entries=1)
    inputs = _text(
        _l("What went in"),
        description=_l(
            "Your own footage or drawings, third-party references and their copyright status."
        ),
    )
    human_contribution = _text(
        _l("What people did to the output"),
        description=_l("Prompting, selection, compositing, performance, grading…"),
    )

    def answer(self) -> ElementAnswer | None:
        tools = [
            ToolUse(tool.form.name.data, tool.form.version.data, tool.form.vendor.data)
            for tool in self.tools
            if not tool.form.is_blank()
        ]
        extent = Extent(self.extent.data) if self.extent.data else None
        if extent is None and not (tools or self.inputs.data or self.human_contribution.data):
            return None
        return ElementAnswer(extent, tools, self.inputs.data, self.human_contribution.data)


class ElementsForm(SiteSubform):
    pass


for _element in Element:
    setattr(ElementsForm, _element.value, FormField(ElementForm, label=_element.label))


class SegmentForm(SiteSubform):
    start = _line(_l("Start"), 20, render_kw={"placeholder": "00:41:10", "inputmode": "numeric"})
    end = _line(_l("End"), 20, render_kw={"placeholder": "00:42:05", "inputmode": "numeric"})
    element = SelectField(
        _l("Element"),
        choices=enum_choices(Element, blank=_l("Choose…")),
        default="",
    )
    tool = _line(_l("Tool"), 200, render_kw={"list": "tool-suggestions", "autocomplete": "off"})
    note = _line(_l("Note"), 500, render_kw={"placeholder": _l("e.g. car explosion, generated")})

    def is_blank(self) -> bool:
        return not any(
            (self.start.data, self.end.data, self.element.data, self.tool.data, self.note.data)
        )


class ConsentForm(SiteSubform):
    person = _line(_l("Person"), 200)
    kind = SelectField(
        _l("Kind"),
        choices=enum_choices(ConsentKind, blank=_l("Choose…")),
        default="",
    )
    basis = SelectField(
        _l("Basis"),
        choices=enum_choices(ConsentBasis, blank=_l("Choose…")),
        default="",
    )
    statement = _text(
        _l("Why no signed consent is needed"),
        max_length=5000,
        description=_l("Only when there is no signed document, e.g. the person is you."),
    )
    document = FileField(
        _l("Consent document"), description=_l("PDF, JPEG or PNG, at most 20 MB. Never public.")
    )
    document_ref = HiddenField()
    document_name = HiddenField()

    def has_upload(self) -> bool:
        upload = self.document.data
        return bool(upload and getattr(upload, "filename", ""))

    def is_blank(self) -> bool:
        return not any(
            (self.person.data, self.kind.data, self.basis.data, self.statement.data)
        ) and not (self.has_upload() or self.document_ref.data)


class DisclosureForm(SiteForm):
    elements = FormField(ElementsForm)
    segments = FieldList(FormField(SegmentForm), min_entries=1)
    human_statement = _text(
        _l("What people did"),
        description=_l(
            "Performances, cinematography, editing, writing: the work people did on the film."
        ),
    )
    consents = FieldList(FormField(ConsentForm), min_entries=1)
    attests_rights_to_outputs = BooleanField(
        _l("I have the right to use the generated material under the terms of the tools I used.")
    )
    attests_no_third_party_copyright = BooleanField(
        _l("I did not knowingly reproduce material under someone else's copyright.")
    )
    attests_complete = BooleanField(_l("This disclosure is complete and true."))
    evidence_available = MultiCheckboxField(
        _l("Evidence I can show the jury on request"),
        choices=enum_choices(Evidence),
        default=[],
    )
    audience_notice = RadioField(
        _l("How the audience is told"),
        choices=enum_choices(AudienceNotice),
        validators=[Optional()],
    )
    training_statement = _text(
        _l("Training data and fine-tuning (optional)"),
        description=_l("For example: a model fine-tuned on our own drawings; licensed data."),
    )
    ai_share_estimate = IntegerField(
        _l("Your estimate of the AI share of the runtime (%)"),
        validators=[
            Optional(),
            NumberRange(min=0, max=100, message=_l("Enter a percentage from 0 to 100.")),
        ],
        render_kw={"min": 0, "max": 100, "inputmode": "numeric"},
    )

    def __init__(self, *args, frame_rate: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.frame_rate = frame_rate
        self.segment_times: dict[int, tuple[int, int]] = {}

    def element_form(self, element: Element) -> ElementForm:
        return self.elements.form[element.value].form

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return self._validate_segments() and self._validate_consents() and valid

    def _validate_segments(self) -> bool:
        valid = True
        for index, entry in enumerate(self.segments):
            row = entry.form
            if row.is_blank():
                continue
            times = []
            for name in ("start", "end"):
                field = row[name]
                try:
                    if not field.data:
                        raise TimecodeError(
                            _l("Enter the time the segment starts.")
                            if name == "start"
                            else _l("Enter the time the segment ends.")
                        )
                    times.append(parse_timecode(field.data, frame_rate=self.frame_rate))
                except TimecodeError as error:
                    field.errors.append(error.message)
                    valid = False
            if len(times) == 2 and times[1] <= times[0]:
                row.end.errors.append(_l("The segment must end after it starts."))
                valid = False
            elif len(times) == 2:
                self.segment_times[index] = (times[0], times[1])
            if not row.element.data:
                row.element.errors.append(
                    _l("Choose which element of the film this segment shows.")
                )
                valid = False
        return valid

    def _validate_consents(self) -> bool:
        valid = True
        for entry in self.consents:
            row = entry.form
            if not row.is_blank() and not row.person.data:
                row.person.errors.append(_l("Enter the person's name."))
                valid = False
        return valid

    def draft(self, documents: dict[int, object]) -> DisclosureDraft:
        """The cleaned answers; `documents` are the stored consent documents by row index."""
        elements = {}
        for element in Element:
            answer = self.element_form(element).answer()
            if answer is not None:
                elements[element] = answer
        segments = [
            SegmentDraft(
                *self.segment_times[index],
                Element(entry.form.element.data),
                entry.form.tool.data,
                entry.form.note.data,
            )
            for index, entry in enumerate(self.segments)
            if index in self.segment_times
        ]
        consents = [
            ConsentData(
                person=entry.form.person.data,
                kind=ConsentKind(entry.form.kind.data) if entry.form.kind.data else None,
                basis=ConsentBasis(entry.form.basis.data) if entry.form.basis.data else None,
                statement=entry.form.statement.data,
                document=documents.get(index),
            )
            for index, entry in enumerate(self.consents)
            if not entry.form.is_blank()
        ]
        return DisclosureDraft(
            elements=elements,
            segments=segments,
            consents=consents,
            human_statement=self.human_statement.data,
            attestations=Attestations(
                self.attests_rights_to_outputs.data,
                self.attests_no_third_party_copyright.data,
                self.attests_complete.data,
            ),
            evidence_available=set(self.evidence_available.data or []),
            audience_notice=AudienceNotice(self.audience_notice.data)
            if self.audience_notice.data
            else None,
            training_statement=self.training_statement.data,
            ai_share_estimate=self.ai_share_estimate.data,
        )


def form_data(disclosure) -> dict:
    """The stored version as the form's initial data."""
    rows = {row.element: row for row in disclosure.elements}
    return {
        "elements": {
            element.value: {
                "extent": rows[element].extent.value if rows[element].extent else None,
                "tools": [dict(tool) for tool in rows[element].tools or []],
                "inputs": rows[element].inputs,
                "human_contribution": rows[element].human_contribution,
            }
            for element in Element
            if element in rows
        },
        "segments": [
            {
                "start": format_timecode(row.start_ms),
                "end": format_timecode(row.end_ms),
                "element": row.element.value,
                "tool": row.tool,
                "note": row.note,
            }
            for row in disclosure.segments
        ],
        "consents": [
            {
                "person": row.person,
                "kind": row.kind.value if row.kind else "",
                "basis": row.basis.value if row.basis else "",
                "statement": row.statement,
                "document_ref": row.document_path or "",
                "document_name": row.document_name or "",
            }
            for row in disclosure.consents
        ],
        "human_statement": disclosure.human_statement,
        "attests_rights_to_outputs": disclosure.attests_rights_to_outputs,
        "attests_no_third_party_copyright": disclosure.attests_no_third_party_copyright,
        "attests_complete": disclosure.attests_complete,
        "evidence_available": list(disclosure.evidence_available or []),
        "audience_notice": disclosure.audience_notice.value if disclosure.audience_notice else None,
        "training_statement": disclosure.training_statement,
        "ai_share_estimate": disclosure.ai_share_estimate,
    }


BLANK_TOOL_ROWS = 1
BLANK_SEGMENT_ROWS = 2
BLANK_CONSENT_ROWS = 1


def add_blank_rows(form: DisclosureForm) -> None:
    """A few empty rows to fill in without JavaScript."""
    for element in Element:
        tools = form.element_form(element).tools
        if not tools.entries or not tools.entries[-1].form.is_blank():
            for _ in range(BLANK_TOOL_ROWS):
                tools.append_entry()
    for _ in range(BLANK_SEGMENT_ROWS):
        form.segments.append_entry()
    for _ in range(BLANK_CONSENT_ROWS):
        form.consents.append_entry()


class ToolSuggestionForm(SiteForm):
    name = StringField(
        _l("Tool"),
        validators=[Length(min=1, max=100, message=_l("Enter the tool's name."))],
        filters=[stripped],
    )
    vendor = _line(_l("Vendor"), 100)
