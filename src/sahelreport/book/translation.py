"""Sphinx side of the translated editions (Sphinx's gettext workflow, with MyST-NB notebooks).

- Only the prose of the chapters is a message: what code writes into a page (the tables a notebook glues
  with {glue:md}) comes out of the notebook already in the edition's language, so it is kept out of
  the catalogues and never replaced by a translation made for another execution.
- Figure alt texts are messages (Sphinx translates an image's alt text, but its gettext builder misses the
  images MyST-NB selects from a notebook output, so they are added to the catalogue here).
- A translated paragraph is parsed again without its notebook: its {glue:text} roles become references to
  the notebook's glue data, resolved after reading, as MyST-NB does for another document's values.
- In a French edition, a glued number takes French form (1 234,5) and the `{en}` role marks English text
  (data with no French column) as English: `lang="en"` in HTML, `\\foreignlanguage{english}` in LaTeX.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.transforms import Transform
from myst_nb.ext.glue.directives import PasteMarkdownDirective
from myst_nb.ext.glue.roles import PasteTextRole
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxRole

TRANSLATED_SOURCE = "<translated>"  # the suffix Sphinx gives the source of a translated message


class UntranslatedMarkdown(PasteMarkdownDirective):
    """{glue:md}: the pasted Markdown is the notebook's own output, never a message of the catalogue."""

    def run(self) -> list[nodes.Node]:
        pasted = super().run()
        for node in pasted:
            for element in node.findall(nodes.Element):
                element["translatable"] = False
        return pasted


class OutputsAreNotMessages(Transform):
    """What a notebook cell displays (a table it prints, say) is that execution's output: not a message."""

    default_priority = 15  # before Sphinx's Locale transform (20) and its message extraction

    def apply(self, **kwargs: Any) -> None:
        for output in self.document.findall(nodes.container):
            if output.get("nb_element") == "cell_code_output":
                for element in output.findall(nodes.Element):
                    element["translatable"] = False


class TranslatableGlueText(PasteTextRole):
    """{glue:text}: in a translated message, a reference to the glue data of the notebook being read."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if self.document.current_source.endswith(TRANSLATED_SOURCE) and "::" not in self.text:
            env = self.document.settings.env
            self.text = f"{Path(env.doc2path(env.docname)).name}::{self.text}"
        return super().run()


class LanguageSpan(nodes.inline):
    """An inline in another language than the page's (its `lang` attribute)."""


class English(SphinxRole):
    """{en}`text`: a span of English in a page of another language (lang="en")."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        node = LanguageSpan(self.rawtext, self.text, lang="en")
        self.set_source_info(node)
        return [node], []


THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d+)?$")
NARROW_NBSP = "\u202f"


def french_number(text: str) -> str:
    """A number as Python formats it in English (`1,234.5`) in French form (`1 234,5`); other text unchanged."""
    if not THOUSANDS.match(text):
        return text
    return text.replace(",", NARROW_NBSP).replace(".", ",")


class FrenchNumbers(SphinxPostTransform):
    """Glued numbers in the French form: narrow no-break space between thousands, decimal comma."""

    default_priority = 10  # after MyST-NB's glue references (5) are resolved

    def run(self, **kwargs: Any) -> None:
        if self.config.language != "fr":
            return
        for node in list(self.document.findall(nodes.inline)):
            if "pasted-text" in node["classes"]:
                text = french_number(node.astext())
                node.replace(node[0], nodes.Text(text))


def _alt_texts_into_catalogue(app: Sphinx, doctree: nodes.document) -> None:
    """The gettext builder reads images after MyST-NB picked one per output, and skips nodes without the id
    that Sphinx gives only later; take the alt texts from the doctree as read."""
    if app.builder.name != "gettext":
        return
    from sphinx.builders.gettext import docname_to_domain

    catalogue = app.builder.catalogs[docname_to_domain(app.env.docname, app.config.gettext_compact)]  # type: ignore[attr-defined]
    for image in doctree.findall(nodes.image):
        if image.get("alt"):
            image.uid = getattr(image, "uid", "")  # the catalogue keeps only nodes with an id (none is shown)
            catalogue.add(image["alt"], image)


def _visit_lang_html(self: Any, node: nodes.inline) -> None:
    self.body.append(self.starttag(node, "span", "", lang=node["lang"]))


def _depart_lang_html(self: Any, node: nodes.inline) -> None:
    self.body.append("</span>")


LANGUAGE_NAMES = {"en": "english", "fr": "french"}


def _visit_lang_latex(self: Any, node: nodes.inline) -> None:
    self.body.append("\\foreignlanguage{" + LANGUAGE_NAMES[node["lang"]] + "}{")


def _depart_lang_latex(self: Any, node: nodes.inline) -> None:
    self.body.append("}")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive_to_domain("glue", "md", UntranslatedMarkdown, override=True)  # MyST-NB's glue domain
    app.add_role_to_domain("glue", "text", TranslatableGlueText(), override=True)
    app.add_role("en", English())
    app.add_node(LanguageSpan, html=(_visit_lang_html, _depart_lang_html),
                 latex=(_visit_lang_latex, _depart_lang_latex))
    app.add_transform(OutputsAreNotMessages)
    app.add_post_transform(FrenchNumbers)
    app.connect("doctree-read", _alt_texts_into_catalogue)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
