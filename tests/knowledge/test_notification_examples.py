"""docs/notifications.md's generator renders the real e-mails and messages in French and
Swahili: each language's own words, no placeholder left unfilled."""

from bench.notification_examples import main


def test_examples_in_french_and_swahili() -> None:
    text = main(["--languages", "fr", "sw"])
    for expected in (
        "Subject: Nouvelle orientation TN-7KQ2M9XD4A : Séchoir solaire pour mangues",
        "Subject: Rufaa mpya TN-7KQ2M9XD4A: Kikaushio cha jua kwa maembe",
        "Des nouvelles de votre besoin TN-7KQ2M9XD4A : le partenaire y travaille.",
        "Habari kuhusu hitaji lako TN-7KQ2M9XD4A: mshirika analishughulikia.",
        "[J'attends encore]",
        "[Acha vikumbusho]",
        "Subject: Imeondolewa TN-7KQ2M9XD4A",
    ):
        assert expected in text, expected
    assert "{" not in text.replace("{reference}", "")
