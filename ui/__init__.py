"""The desktop UI: the swipe deck, the trend preview panel, live status and demo controls."""
