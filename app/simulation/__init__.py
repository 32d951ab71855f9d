"""Virtual time and a synthetic user: what ``simulate``, the screenshot and the tests run on."""
