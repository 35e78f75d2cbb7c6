"""The verdict: is this article all there? Features, markers and the fitted model."""
