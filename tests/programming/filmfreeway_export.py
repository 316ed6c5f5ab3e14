"""A realistic FilmFreeway submissions export, made here for the import's tests and bench:
every one of its 63 columns, Hangul names and titles on some rows, several categories and
statuses, durations as FilmFreeway writes them."""

from __future__ import annotations

import csv
import io
import random

from festival.programming.filmfreeway import COLUMNS

KOREAN_NAMES = [("지은", "김"), ("민준", "이"), ("서연", "박"), ("도윤", "최")]
LATIN_NAMES = [("Ana", "García"), ("Léa", "Dubois"), ("Tom", "Okafor"), ("Mia", "Schmidt")]
TITLES = ["The Last Light", "Paper Moons", "Synthetic Tide", "Glass Orchard", "Echo Field"]
KOREAN_TITLES = ["마지막 빛", "종이 달", "합성의 물결"]
STATUSES = [
    ("In Consideration", "Undecided"),
    ("In Consideration", "Selected"),
    ("In Consideration", "Not Selected"),
    ("In Consideration", "Semi-Finalist"),
    ("Withdrawn", "Undecided"),
]


def export_row(n: int, *, categories=("AI Short",), rng=None, **overrides) -> dict:
    """One row of the export: submission `n`, every column filled as FilmFreeway fills it."""
    rng = rng or random.Random(n)
    korean = n % 3 == 0
    first, last = (KOREAN_NAMES if korean else LATIN_NAMES)[n % 4]
    title = f"{TITLES[n % len(TITLES)]} {n}"
    original = f"{KOREAN_TITLES[n % len(KOREAN_TITLES)]} {n}" if korean else ""
    status, judging = STATUSES[0] if n % 7 else STATUSES[(n // 7) % 4]
    minutes, seconds = 2 + n % 25, n % 60
    row = {column: "" for column in COLUMNS}
    row.update(
        {
            "First Name": first,
            "Last Name": last,
            "Birthdate": "1990-04-0" + str(1 + n % 9),
            "Gender": rng.choice(["Female", "Male", "Non-binary", ""]),
            "Email": f"filmmaker{n}@example.org",
            "Phone": f"+82 10-{1000 + n % 9000}-{n % 10000:04d}",
            "Address": f"{n} Film Street",
            "City": "Seoul" if korean else "Lyon",
            "Country": "South Korea" if korean else "France",
            "Tracking Number": f"FF-{n:06d}",
            "Project Title": title,
            "Project Title (Original Language)": original,
            "Synopsis": f"A film about light and memory, number {n}.",
            "Synopsis (Original Language)": "빛과 기억에 관한 영화." if korean else "",
            "Duration": f"00:{minutes:02d}:{seconds:02d}",
            "Country of Origin": "South Korea" if korean else "France, Belgium",
            "Language": "Korean" if korean else "French, English",
            "Trailer URL": f"https://vimeo.com/{100000 + n}",
            "Country of Filming": "South Korea" if korean else "France",
            "Project Website": f"https://film{n}.example.org",
            "Project Type": "Short, Animation",
            "Genres": rng.choice(["Drama, Sci-Fi", "Documentary", "Experimental, Animation"]),
            "Student Project": "No",
            "Completion Date": f"2026-0{1 + n % 9}-15",
            "Production Budget": "3,800 EUR",
            "Shooting Format": "Digital",
            "Aspect Ratio": "16:9",
            "Film Color": "Color",
            "First-time Filmmaker": "Yes",
            "Directors": f"{first} {last}",
            "Writers": f"{first} {last}, Sam Writer",
            "Producers": "Studio Lumen",
            "Key Cast": "Jo Actor, Kim Player",
            "Submitter Statement": "Made with care.",
            "Submitter Biography": "Filmmaker and engineer.",
            "Rating": str(n % 5),
            "Submission Date": f"2026-10-{1 + n % 28:02d}",
            "Submission Status": status,
            "Judging Status": judging,
            "Submission Deadlines": "Regular Deadline",
            "Submission Categories": ", ".join(categories),
            "Submission Link": f"https://filmfreeway.com/submissions/{n}",
            "Assigned Judges": "",
            "Screenings / Awards": "Busan 2026 - Official Selection",
            "Submission ID": str(9_000_000 + n),
            "Submission Notes": "",
        }
    )
    row.update(overrides)
    return row


def export_file(
    rows: list[dict], *, encoding: str = "utf-8", delimiter: str = ",", columns=COLUMNS
) -> bytes:
    """The export's bytes: a header of `columns`, then `rows`."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(
        buffer,
        fieldnames=list(columns),
        delimiter=delimiter,
        extrasaction="ignore",
        lineterminator="\r\n",
    )
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def export_of(count: int, *, start: int = 1, categories=("AI Short",), **file_options) -> bytes:
    return export_file(
        [export_row(n, categories=categories) for n in range(start, start + count)], **file_options
    )
