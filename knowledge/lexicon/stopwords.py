"""Function words, exactly as written (accents kept), of the languages the lexicon folds.

Folding accents lets "sechoir" find "séchoir", but it also turns French "mais" (but) into
"maïs" (maize) and Spanish "te" (you) into "té" (tea). A word written exactly as one of these
is never a concept mention on its own and carries no topic for full-text relevance; the same
word written with its accent ("maïs") still is. One list for all languages: a user's language
is sometimes misread, and none of these words is a topic in any of them.
"""

# Words of asking ("we need", "il nous faut") are function words here too: every need has them.
_ASKING = {
    "en": "need needs needed want wants would like please",
    "fr": "besoin faut voulons voudrions cherchons",
    "es": "necesitamos necesito necesita queremos quiero buscamos",
    "pt": "precisamos preciso precisa queremos quero procuramos",
    "sw": "tunahitaji nahitaji anahitaji tunataka nataka",
    "ha": "bukatar muna son",
    "ar": "نحتاج نريد نبغي نبحث عايز عايزين محتاج محتاجين أريد اريد نطلب",
    "am": "እንፈልጋለን ያስፈልገናል እፈልጋለሁ ያስፈልገኛል",
}

_WORDS = {
    "en": "a an and are as at be but by for from had has have if in is it its no not of on or our"
    " so than that the their them there these they this those to too us very was we were what"
    " when where which who will with without would you your",
    "fr": "a au aux avec ce ces cet cette dans de des du elle elles en est et eux il ils je la le"
    " les leur leurs lui ma mais me mes moi mon ne ni nos notre nous on ou par pas pour qu que"
    " qui sa se ses si son sont sur ta te tes toi ton tu un une vos votre vous y tres plus",
    "es": "a al como con de del el en entre es esta este estos hay la las le les lo los mas me mi"
    " mis muy ni no nos nuestra nuestro nuestros o para pero por que se si sin sobre su sus"
    " te tu un una unas uno unos y ya",
    "pt": "a ao aos as com como da das de do dos e ela ele em entre essa esse esta este mais mas"
    " me meu minha muito na nas nao no nos nossa nosso nossos o os ou para pela pelo por que se"
    " sem seu sua suas seus um uma umas uns",
    "sw": "na ya wa za la kwa ni katika au lakini pia sisi yetu wetu kama hii huu hiyo sana"
    " hakuna kuna",
    "ha": "da na ta a ko ba ga mu su shi ita amma kuma don domin saboda mai ne ce wani wata"
    " wanda wadda cikin daga zuwa sai har yana suna muna ina",
    "ar": "في من على إلى الى عن مع و أو او ثم لكن بس ما لا لم لن هذا هذه ذلك تلك هو هي هم نحن"
    " أنا انا التي الذي الذين كل كان كانت عند عندي عندنا عندهم فيه فيها قبل بعد جدا كثير لما"
    " اللي يا إن ان أن قد",
    "am": "እና ወይም ግን ውስጥ ላይ ነው ናቸው ነበር ነበረ እኛ እኔ እሱ እሷ እነሱ ይህ ያ ይህን በጣም ብቻ"
    " የለም አለ አለን",
}

STOP_WORDS: frozenset[str] = frozenset(
    word for table in (_WORDS, _ASKING) for words in table.values() for word in words.split()
)


def is_stop_word(written: str) -> bool:
    """Whether a word, lower-cased but with its accents, is a function word."""
    return written in STOP_WORDS
