"""The banner's and the menu's completeness actions are kept as the user's marks."""

from __future__ import annotations

from support.fixtures import SEED


def test_mark_complete_and_needs_full_text_store_a_mark(make_window, library, qtbot) -> None:
    item = library.add(str(SEED)).item
    assert library.user_mark(item.id) is None
    window = make_window()
    window.list_panel.select_item(item.id)
    banner = window.reader.banner

    banner.complete_button.click()
    mark = library.user_mark(item.id)
    assert mark is not None and mark.mark == "complete"
    assert mark.signatures  # the seed's marker line, kept to recognise the next page
    assert library.get(item.id).needs_full_text is False

    banner.needs_button.click()
    assert library.user_mark(item.id).mark == "truncated"
    assert library.get(item.id).needs_full_text is True

    window.undo_stack.undo()  # back to "complete", then to no mark at all
    assert library.user_mark(item.id).mark == "complete"
    window.undo_stack.undo()
    assert library.user_mark(item.id) is None
    assert library.get(item.id).needs_full_text is True
    library.close()
