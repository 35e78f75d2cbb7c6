"""CSS selectors (from JSON-LD ``cssSelector``, site rules) as XPath that stays linear.

cssselect writes ``A B`` as ``A/descendant-or-self::*/B``: libxml2 then evaluates B from
every A and merges the node sets, which is quadratic (``.a .b`` over 150 nested ``.a``
holding 20,000 ``.b`` took 87 s; ``* *`` over 40,000 elements, 17 s). Here every combinator
becomes a predicate on the right-hand element instead (``B[ancestor::A[1]]``), so the whole
selector is one pass over the page, each element tested against its own ancestors. The
general sibling combinator (``A ~ B``) has no such form and is not evaluated.
"""

from __future__ import annotations

from functools import cache
from typing import Any

MAX_SELECTOR = 1000  # characters; real selectors are a few dozen


def _step(expr: Any) -> str:
    """An XPathExpr without a path as one location step (``div[@id='x']``)."""
    return f"{expr.element}[{expr.condition}]" if expr.condition else str(expr.element)


@cache
def _translator() -> Any:
    from cssselect import ExpressionError, GenericTranslator

    class FlatTranslator(GenericTranslator):
        """Combinators as predicates: no node-set merging in libxml2."""

        # the forms libxml2 evaluates without walking further than it needs (measured:
        # ancestor::X[1] stops at the nearest match, 40x faster than ancestor::X)
        def xpath_descendant_combinator(self, left: Any, right: Any) -> Any:
            return right.add_condition(f"ancestor::{_step(left)}[1]")

        def xpath_child_combinator(self, left: Any, right: Any) -> Any:
            return right.add_condition(f"parent::{_step(left)}")

        def xpath_direct_adjacent_combinator(self, left: Any, right: Any) -> Any:
            return right.add_condition(f"preceding-sibling::*[1]/self::{_step(left)}")

        def xpath_indirect_adjacent_combinator(self, left: Any, right: Any) -> Any:
            # every element against all its earlier siblings: quadratic in a long list
            raise ExpressionError("the ~ combinator is not evaluated")

    return FlatTranslator()


def css_xpath(selector: str) -> str | None:
    """XPath for a CSS selector, evaluated from the document; None if it cannot be used."""
    if not selector.strip() or len(selector) > MAX_SELECTOR:
        return None
    from cssselect import SelectorError, parse

    translator = _translator()
    parts = []
    try:
        for parsed in parse(selector):
            if parsed.pseudo_element is not None:
                return None
            expr = translator.xpath(parsed.parsed_tree)
            if expr.path:  # a form this module does not flatten (:has() and the like)
                return None
            parts.append("descendant-or-self::" + _step(expr))
    except (SelectorError, RecursionError, ValueError, TypeError):
        return None
    return " | ".join(parts) or None
