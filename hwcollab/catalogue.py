"""The project's own translation catalogues (locale/<lang>/LC_MESSAGES/django.po): compile and check them.

    python -m hwcollab.catalogue compile   # .po -> .mo (run by the Makefile's install targets; .mo is not committed)
    python -m hwcollab.catalogue check     # `make lint`: fails on anything a visitor would read in English

Neither needs GNU gettext: polib writes the .mo, and the check extracts the source strings itself, the way
`manage.py makemessages` does (Django's own `templatize` for templates, Python's `ast` for code). Only
`make messages` (which refreshes the .po with makemessages) needs gettext. docs/translation-strings.md says how
to add and translate a string.
"""

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = BASE_DIR / "locale"
LANGUAGES = ["es"]
# What makemessages leaves out too (the Makefile's `messages` target passes the same list as --ignore).
IGNORED_DIRS = {"tests", "bench", "collected_static", "test-media", "test-results", "static", "node_modules"}
TEMPLATE_SUFFIXES = {".html", ".txt"}
# The translation functions and where their msgctxt / msgid / msgid_plural arguments are.
FUNCTIONS = {
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "_": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
# In templatize's output: a call with string literal arguments (and a trailing count variable for plurals).
STRING = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
TEMPLATE_CALL = re.compile(
    rf"\b(gettext|ngettext|pgettext|npgettext)\(\s*({STRING})(?:\s*,\s*({STRING}))?(?:\s*,\s*({STRING}))?"
    r"(?:\s*,\s*\w+)?\s*\)"
)
# %(name)s, %d, %s ... in a msgid: its translation must have the same ones.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


@dataclass(frozen=True)
class Message:
    msgid: str
    context: str = ""
    plural: str = ""
    where: str = ""

    @property
    def key(self):
        return (self.context, self.msgid)


def po_path(language):
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def source_files(root=BASE_DIR):
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") or part in IGNORED_DIRS for part in relative.parts[:-1]):
            continue
        if path.is_file() and (path.suffix == ".py" or path.suffix in TEMPLATE_SUFFIXES):
            yield path


def _python_messages(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name not in FUNCTIONS:
            continue
        context_at, msgid_at, plural_at = FUNCTIONS[name]
        args = node.args

        def literal(position, args=args):
            if position is None:
                return ""
            if position < len(args) and isinstance(args[position], ast.Constant):
                value = args[position].value
                return value if isinstance(value, str) else None
            return None

        msgid, context, plural = literal(msgid_at), literal(context_at), literal(plural_at)
        if msgid and context is not None and plural is not None:
            yield Message(msgid, context, plural, f"{path.relative_to(BASE_DIR)}:{node.lineno}")


def _template_messages(path):
    from django.utils.translation.template import templatize

    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for match in TEMPLATE_CALL.finditer(code):
        function = match.group(1)
        values = [ast.literal_eval(group) for group in match.groups()[1:] if group is not None]
        context = values.pop(0) if function.startswith(("pgettext", "npgettext")) else ""
        msgid = values[0]
        plural = values[1] if len(values) > 1 else ""
        yield Message(msgid, context, plural, str(path.relative_to(BASE_DIR)))


def extract(root=BASE_DIR):
    """Every translatable string of the project's sources: {(context, msgid): Message}."""
    import django
    from django.conf import settings

    if not settings.configured:
        import os

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hwcollab.settings.dev")
        django.setup()
    found = {}
    for path in source_files(root):
        messages = _python_messages(path) if path.suffix == ".py" else _template_messages(path)
        for message in messages:
            found.setdefault(message.key, message)
    return found


def compile_catalogues():
    for language in LANGUAGES:
        po_file = po_path(language)
        mo_file = po_file.with_suffix(".mo")
        polib.pofile(str(po_file)).save_as_mofile(str(mo_file))
        print(f"compiled {mo_file}")


def _placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def problems(po_file, sources=None):
    """What stops the catalogue `po_file` from being complete, one line each; with `sources` (`extract()`), the
    strings missing from it and those no longer in the sources too."""
    po = polib.pofile(str(po_file))
    found = []
    if po.metadata_is_fuzzy:
        found.append("the header is marked fuzzy (fill it in, then remove the fuzzy flag)")
    plural_forms = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    nplurals = int(plural_forms.group(1)) if plural_forms else 2
    for entry in po:
        label = f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.obsolete:
            found.append(f"obsolete (remove it or run `make messages`): {label!r}")
            continue
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy (check the translation, then remove the fuzzy flag): {label!r}")
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not all(translations) or (entry.msgid_plural and len(translations) != nplurals):
            found.append(f"untranslated: {label!r}")
            continue
        originals = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        expected = _placeholders(originals[-1])
        for translation in translations:
            # A singular may say "one" instead of "%(count)d"; any other difference is a broken translation.
            if _placeholders(translation) != expected and not (
                entry.msgid_plural and set(_placeholders(translation)) <= set(expected)
            ):
                found.append(f"placeholders differ from the English: {label!r} -> {translation!r}")
    if sources is not None:
        in_catalogue = {(entry.msgctxt or "", entry.msgid) for entry in po if not entry.obsolete}
        for key, message in sorted(sources.items()):
            if key not in in_catalogue:
                found.append(f"missing (run `make messages` and translate it): {message.msgid!r} ({message.where})")
        for _context, msgid in sorted(in_catalogue - set(sources)):
            found.append(f"no longer in the sources (run `make messages`): {msgid!r}")
    return found


def check():
    sources = extract()
    failures = []
    for language in LANGUAGES:
        po_file = po_path(language)
        failures += [f"{po_file.relative_to(BASE_DIR)}: {problem}" for problem in problems(po_file, sources)]
    for failure in failures:
        print(failure)
    if failures:
        print(f"{len(failures)} problem(s) in the translation catalogues (docs/translation-strings.md).")
        return 1
    print(f"translation catalogues complete: {len(sources)} strings, languages {', '.join(LANGUAGES)}")
    return 0


def main(argv):
    if argv[1:] == ["compile"]:
        compile_catalogues()
        return 0
    if argv[1:] == ["check"]:
        return check()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
