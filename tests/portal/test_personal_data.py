"""The personal-data warning (portal/personal_data.py), measured on a labelled sample: every labelled piece
of personal data is caught with its kind, and nothing is flagged in texts that hold none (including every
text field of the demo call-off packages, which a commissioner must be able to save without a false alarm)."""

import json
from pathlib import Path

import pytest

from portal.personal_data import find_personal_data, nhs_number_is_valid, words

# (text, the personal data in it: [(kind, exact text)]). Every person, address and number here is invented.
LABELLED = [
    # Names
    ("John Smith needs support on Tuesdays.", [("a name", "John Smith")]),
    ("Lives with her daughter, Sarah Jones, who works nights.", [("a name", "Sarah Jones")]),
    ("Referred by Priya Patel at the GP surgery.", [("a name", "Priya Patel")]),
    ("Contact Mohammed Khan for transport.", [("a name", "Mohammed Khan")]),
    ("Support from Margaret A. Wilson, his sister.", [("a name", "Margaret A. Wilson")]),
    ("Carer is Peter James Taylor.", [("a name", "Peter James Taylor")]),
    ("Known to Agnieszka Nowak from the day centre.", [("a name", "Agnieszka Nowak")]),
    ("Mrs Brennan prefers mornings.", [("a name", "Mrs Brennan")]),
    ("Dr. Okonjo has seen him twice.", [("a name", "Dr. Okonjo")]),
    ("Name: Tomasz Wrobel", [("a name", "Name: Tomasz Wrobel")]),
    ("Jane Harding-Smith will attend the first session.", [("a name", "Jane Harding-Smith")]),
    ("Gareth Rees and Sian Evans share the tenancy.", [("a name", "Gareth Rees"), ("a name", "Sian Evans")]),
    # Dates of birth
    ("Born 3 March 1948; lives alone.", [("a date of birth", "Born 3 March 1948")]),
    ("DOB: 12/07/1961", [("a date of birth", "DOB: 12/07/1961")]),
    ("Seen on 14/02/2022 at home.", [("a date of birth", "14/02/2022")]),
    # NHS numbers
    ("NHS 943 476 5919 on file.", [("an NHS number", "943 476 5919")]),
    ("Number 9434765919.", [("an NHS number", "9434765919")]),
    # Postcodes and street addresses
    ("Lives near CW1 2BJ.", [("a full postcode", "CW1 2BJ")]),
    ("Pick up from 14 Nantwich Road each morning.", [("a street address", "14 Nantwich Road")]),
    ("Address: 7a Church Lane, Wybunbury.", [("a street address", "7a Church Lane")]),
    ("Now at Flat 3, Victoria Court.", [("a street address", "Flat 3")]),
    ("Home is 122 Upper Beech Avenue.", [("a street address", "122 Upper Beech Avenue")]),
    # Telephone numbers
    ("Call her on 07700 900123 after 6pm.", [("a telephone number", "07700 900123")]),
    ("Mobile +44 7700 900456.", [("a telephone number", "+44 7700 900456")]),
    ("Landline (01625) 500 700.", [("a telephone number", "(01625) 500 700")]),
    ("Ring 0161 496 0000 in an emergency.", [("a telephone number", "0161 496 0000")]),
    ("Tel 01270-500123", [("a telephone number", "01270-500123")]),
    # Email addresses
    ("Email j.bloggs@example.com for access.", [("an email address", "j.bloggs@example.com")]),
    ("Son's address is tom+care@mail.example.co.uk.", [("an email address", "tom+care@mail.example.co.uk")]),
    # Case-system ids
    ("Mosaic ID 1234567.", [("a case-system id", "Mosaic ID 1234567")]),
    ("Client ref: AB123456", [("a case-system id", "Client ref: AB123456")]),
    ("See case number 20931187 for the assessment.", [("a case-system id", "case number 20931187")]),
    ("LAS 554433", [("a case-system id", "LAS 554433")]),
    ("Carers hub reference CH-7KQ2M9XA.", [("a case-system id", "CH-7KQ2M9XA")]),
]

# Texts that hold no personal data: words the demo packages use, the council's places and numbers.
CLEAN = [
    "Lives in the CW1 area; travels by bus.",
    "Needs 1:1 support from 9am to 3pm.",
    "Call 01270 686000 about transport.",
    "Call the council on 0300 123 5500.",
    "Reference 123 456 7890.",
    "MS and epilepsy; enjoys Drama and Music.",
    "Meets at Victoria Park in Crewe, then lunch in Holmes Chapel.",
    "Travels along Nantwich Road to the Lifestyle Centre.",
    "Appointments at Leighton Hospital every three months.",
    "Two days a week, 10am to 3pm, for 12 months.",
    "Grace enjoys gardening; Mark the calendar for the review.",
    "Young carers group on Fridays in Sandbach and Alsager.",
    "2 days x 5 hours of one-to-one job coaching at £38.50 an hour.",
    "40 volunteer hours a month in Wilmslow.",
    "Up to 6 people, ages 18 to 64, in the SMASH care community.",
    "Start 6 October 2025; review after 12 weeks.",
]


def _demo_package_texts():
    path = Path(__file__).resolve().parents[2] / "fixtures" / "demo" / "fps" / "packages.json"
    packages = json.loads(path.read_text(encoding="utf-8"))["packages"]
    return [
        (package["reference"], field, package[field])
        for package in packages
        for field in ("title", "days_and_hours", "needs", "outcomes")
        if package.get(field)
    ]


@pytest.mark.parametrize(("text", "expected"), LABELLED, ids=[text[:40] for text, _ in LABELLED])
def test_catches_each_labelled_piece(text, expected):
    assert [(match.kind, match.text) for match in find_personal_data(text)] == expected


@pytest.mark.parametrize("text", CLEAN)
def test_no_false_alarm(text):
    assert find_personal_data(text) == []


def test_no_false_alarm_on_the_demo_packages():
    texts = _demo_package_texts()
    assert len(texts) >= 8  # the sample is the demo's real text, not an empty list
    flagged = [(reference, field, find_personal_data(text)) for reference, field, text in texts]
    assert [item for item in flagged if item[2]] == []


def test_measured_on_the_whole_sample():
    """Recall over every labelled piece and false alarms over every clean text, as one figure each."""
    labelled = [piece for _, pieces in LABELLED for piece in pieces]
    caught = [
        piece
        for text, pieces in LABELLED
        for piece in pieces
        if piece in [(m.kind, m.text) for m in find_personal_data(text)]
    ]
    clean = CLEAN + [text for _, _, text in _demo_package_texts()]
    false_alarms = [text for text in clean if find_personal_data(text)]
    assert (len(caught), len(labelled)) == (len(labelled), 35)
    assert (len(false_alarms), len(clean)) == (0, len(clean))
    kinds = {kind for _, pieces in LABELLED for kind, _ in pieces}
    assert kinds == {
        "a name",
        "a date of birth",
        "an NHS number",
        "a full postcode",
        "a street address",
        "a telephone number",
        "an email address",
        "a case-system id",
    }


def test_word_lists_are_shipped_and_sane():
    data = words()
    assert len(data["forenames"]) > 300 and len(data["surnames"]) > 250
    assert "Smith" in data["surnames"] and "John" in data["forenames"]
    # Ordinary words that would raise false alarms at the start of a sentence are left out on purpose.
    assert not {"Will", "May", "June", "Hope", "Bill"} & set(data["forenames"])
    assert "Holmes Chapel" in data["places"]


def test_nhs_check_digit():
    assert nhs_number_is_valid("943 476 5919")
    assert not nhs_number_is_valid("943 476 5918")
    assert not nhs_number_is_valid("123")
