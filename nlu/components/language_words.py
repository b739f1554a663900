"""Word lists for language identification of short chat messages.

Two kinds of list, both keyed by our language codes:

- ``SHORT_MESSAGES``: whole messages of one or two words that identify the language on their own
  (greetings, thanks, yes/no). Only words that no other supported language uses that way are
  listed: "hi", "ok", "bye" are typed by everyone, so they are in no list, and "salaam" (Latin
  script) is used by Arabic, Swahili and Hausa speakers alike. English has no entry on purpose:
  it is the default language, so a short English word can only do harm by switching someone away
  from theirs. Arabic and Amharic need no entry: their script decides.
- ``FUNCTION_WORDS``: very common words (pronouns, particles, prepositions, frequent verbs of
  this domain) whose share in a longer message is evidence for a language. Words that several
  languages share ("na", "a", "de") count for each of them with a lower weight.

``AFFIXES``: for Swahili and Hausa much of the grammar is in prefixes and suffixes, not in
separate words ("tu-na-hitaji" we need, "gona-r-mu" our farm): a word shaped like that counts
as one function word of its language.

Entries are lowercase; accents are kept here and also matched without them, because people
typing on phones often leave them out.
"""

from __future__ import annotations


def _phrases(text: str) -> frozenset[str]:
    """Comma- or line-separated phrases."""
    return frozenset(phrase.strip() for phrase in text.replace("\n", ",").split(",") if phrase.strip())


SHORT_MESSAGES: dict[str, frozenset[str]] = {
    "fr": _phrases(
        """
        bonjour, bonsoir, salut, coucou, merci, oui, d'accord, aidez-moi, aidez moi, recommencer
        merci beaucoup, au revoir, bonne journée, bonne soirée, s'il vous plaît, s'il te plaît
        oui merci, non merci, bonjour monsieur, bonjour madame, pas maintenant, plus tard, ça va
        c'est correct, c'est bon, d'accord merci
        """
    ),
    # "ola" is a common misspelling of "hola" and Portuguese "olá" without its accent: being in
    # two lists, it identifies neither.
    "es": _phrases(
        """
        hola, ola, buenas, gracias, adiós, ayuda, ayúdame, sí
        buenos días, buenas tardes, buenas noches, muchas gracias, hola buenas, por favor
        hasta luego, sí gracias, no gracias, está bien, claro que sí, más tarde, ahora no
        hola amigo, quiero ayuda, necesito ayuda, de acuerdo
        """
    ),
    "pt": _phrases(
        """
        olá, ola, oi, obrigado, obrigada, obg, tchau, sim, ajuda, valeu, beleza
        bom dia, boa tarde, boa noite, muito obrigado, muito obrigada, tudo bem, td bem
        sim obrigado, não obrigado, oi tudo, olá bom, até logo, mais tarde, agora não
        preciso ajuda, está certo, tá bom, ta bom
        """
    ),
    "sw": _phrases(
        """
        habari, jambo, hujambo, sijambo, mambo, vipi, shikamoo, asante, ahsante, sawa, ndiyo
        ndio, hapana, karibu, kwaheri, tafadhali, msaada, nisaidie, poa, niaje, shwari, salama
        nashukuru, baadaye, tutaonana
        habari yako, habari zenu, habari gani, habari za, habari ya, mambo vipi, mambo poa
        asante sana, sawa sawa, sawa kabisa, ndiyo sawa, hapana asante, karibu sana
        naomba msaada, nisaidie tafadhali, ni sawa, si sawa, salama kabisa, hali yako
        hujambo rafiki
        """
    ),
    "ha": _phrases(
        """
        sannu, nagode, madalla, a'a, yauwa, shikenan, lafiya, barka, taimako
        ina kwana, ina wuni, ina yini, yaya dai, lafiya lau, na gode, sannu da, sannu kadai
        barka da, kwana lafiya, sai anjima, sai an, don allah, ina so, ina son, to shikenan
        mun gode, nagode sosai, yaya kake, yaya kike, eh to, a'a nagode
        """
    ),
}

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """
        the and is are was were of to in for with on at by from we our you your i my me it this
        that these those have has had do does did not no can could would will need want there
        what how where when which who about some any more please because but or if they their
        them he she his her be been an a as all get just very us am i'm don't can't it's we're
        here much many also than then only into out up know should
        """.split()
    ),
    "fr": frozenset(
        """
        le la les de des du un une et est sont en dans pour pas ne que qui quoi je j nous vous il
        elle ils elles on mon ma mes notre nos votre vos au aux avec sur par ce cette ces c d l n
        qu s ai avons avez faire besoin veux voudrais peut pouvez comment où mais aussi très
        bien plus chez leur leurs sans tout tous ça ca est-ce suis sommes être avoir il y a
        quel quelle quels je veux notre votre moi toi lui ici là beaucoup eau pour
        """.split()
    ),
    "es": frozenset(
        """
        el la los las de del y en un una es son que por para con no se su sus mi mis nuestro
        nuestra nuestros nosotros yo tengo tenemos necesito necesitamos quiero queremos como
        cómo donde dónde pero muy más mas también hay este esta esto estos lo le al sin cuando
        porque qué sí ya todo puede hacer estoy estamos somos agua ayuda hola gracias usted
        ustedes tiene tienen aquí mucho muchos me te nos les ese esa eso he ha han hace
        fue era están está sobre entre desde hasta otro otra
        """.split()
    ),
    "pt": frozenset(
        """
        o a os as de do da dos das e é em no na nos nas um uma que para pra com não nao por se
        seu sua meu minha nosso nossa nós eu você voce vc tenho temos preciso precisamos quero
        queremos como onde mas muito mais também tambem há tem isso isto este esta ao à pelo
        pela água agua ajuda obrigado sim já ja estou está estamos somos aqui muitos vocês
        foi ser são sao estão eles elas ele ela sobre entre até outro outra também
        """.split()
    ),
    "sw": frozenset(
        """
        na ya wa za kwa la cha vya ni si katika kuwa hii hiyo huu huo hizi hao kama lakini au
        pia sana tu bado sasa leo kila wote yote mimi wewe yeye sisi wao nina tuna wana ana
        hakuna kuna kwamba ambao ambayo ambaye hata baada kabla zaidi nini gani wapi nani vipi
        je ndiyo ndio hapana tafadhali asante habari sawa maji shamba pesa msaada nataka
        tunataka nahitaji tunahitaji watu yetu wetu yangu wangu langu letu zetu mkulima
        wakulima kijiji kupata kufanya naomba tunaomba hapa pale huko mpaka hadi kutoka juu
        chini ndani nje siku mwaka kazi nchi serikali ile hili hilo kwenye kwenda kuja
        hatuna sina hana wanahitaji tunatumia tunapata mimea chakula fedha mafunzo
        """.split()
    ),
    "ha": frozenset(
        """
        da ba na a ne ce ta ya su mu ku ni shi ita sun mun kun yana tana suna muna kuna ina
        yake take suke muke kake nake zai za zan zamu zasu kuma amma wannan wanda wadda
        waɗanda wadanda domin don saboda akwai babu yi yin daga cikin game kan kamar lokacin
        bayan kafin sai har ko idan tun wani wata wasu duk mai masu ruwa noma kuɗi kudi
        yanzu nan can ake aka an abin abinda abubuwa mutane sosai gaskiya allah ranar
        shekara gona gonar manoma hanya ƙasa kasa gode nagode sannu yaya lafiya madalla ai
        kai ke mana musu masa ma dai fa kawai haka yadda inda yaushe mene menene nawa
        sabon sabuwar taimako taimaka bukata buƙata buƙatar bukatar samu samun iya son
        wajen gari garin jihar tsakanin tare kada kar aiki ayyuka yara gida gidan ga mun
        muke wutar wuta lantarki hasken rana manomi in fi zaka zaki kake kike min mini
        muku wane wace wadanne dan yan kam ban bai bata basu bamu gaba baya farko karshe
        sami gare wurin bukatu bukatun zamu sai kuma me ya
        """.split()
    ),
}


AFFIXES: dict[str, str] = {
    # subject prefix + tense marker + verb stem ending in a vowel: tunahitaji, nilichotuma,
    # wanahitaji, imeharibika, nitarudi, angependa
    "sw": r"^(?:ni|tu|wa|u|a|m|ki|vi|li|ya|zi|i|ku)(?:na|li|ta|me|nge)[a-z]{3,}[aeiou]$",
    # noun + linker n/r + possessive: gonarmu, kauyenmu, garinku, sunansu
    "ha": r"^[a-zɗƙɓƴ']{3,}[nr](?:mu|ku|su)$",
}
