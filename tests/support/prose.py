"""Plain article prose for synthetic verdict pages (one lead, one body paragraph)."""

from __future__ import annotations

LEAD = (
    "The city council approved the new transport plan on Tuesday night after a long debate, "
    "and the mayor said that the first buses would run on the new routes in the spring."
)
PARA = (
    "Residents of the northern districts had asked for better connections for years, and the "
    "plan now adds two lines, a night service and more frequent trains to the city centre. "
    "Critics said the budget was too small for what it promised, but the vote was clear."
)
