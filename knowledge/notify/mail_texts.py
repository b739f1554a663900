"""The referral e-mail's wording, in each of the assistant's languages. Plain and short: the
reader may read it on a phone, in their second language."""

MAIL_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "subject": "New referral {reference}: {title}",
        "intro": "A user of the technology-needs assistant asked for help. "
        "Their need was referred to {provider}.",
        "need": "Need",
        "details": "Sector: {sector} | Country: {country} | Organisation: {org_type}",
        "words": "In the user's words:",
        "link": "Open the need, accept or decline it: {link}",
        "no_phone": "Please answer through the dashboard: the user hears back on their own channel.",
        "phone": "The user agreed to share their number: {phone}",
    },
    "fr": {
        "subject": "Nouvelle orientation {reference} : {title}",
        "intro": "Un utilisateur de l'assistant des besoins technologiques a demandé de l'aide. "
        "Son besoin a été transmis à {provider}.",
        "need": "Besoin",
        "details": "Secteur : {sector} | Pays : {country} | Organisation : {org_type}",
        "words": "Dans les mots de l'utilisateur :",
        "link": "Ouvrez le besoin pour l'accepter ou le refuser : {link}",
        "no_phone": "Répondez depuis le tableau de bord : "
        "l'utilisateur reçoit la réponse sur son propre canal.",
        "phone": "L'utilisateur a accepté de partager son numéro : {phone}",
    },
    "es": {
        "subject": "Nueva derivación {reference}: {title}",
        "intro": "Un usuario del asistente de necesidades tecnológicas pidió ayuda. "
        "Su necesidad fue derivada a {provider}.",
        "need": "Necesidad",
        "details": "Sector: {sector} | País: {country} | Organización: {org_type}",
        "words": "En palabras del usuario:",
        "link": "Abra la necesidad para aceptarla o rechazarla: {link}",
        "no_phone": "Responda desde el panel: el usuario recibe la respuesta en su propio canal.",
        "phone": "El usuario aceptó compartir su número: {phone}",
    },
    "pt": {
        "subject": "Novo encaminhamento {reference}: {title}",
        "intro": "Um utilizador do assistente de necessidades tecnológicas pediu ajuda. "
        "A sua necessidade foi encaminhada para {provider}.",
        "need": "Necessidade",
        "details": "Setor: {sector} | País: {country} | Organização: {org_type}",
        "words": "Nas palavras do utilizador:",
        "link": "Abra a necessidade para aceitar ou recusar: {link}",
        "no_phone": "Responda pelo painel: o utilizador recebe a resposta no seu próprio canal.",
        "phone": "O utilizador aceitou partilhar o seu número: {phone}",
    },
    "sw": {
        "subject": "Rufaa mpya {reference}: {title}",
        "intro": "Mtumiaji wa msaidizi wa mahitaji ya teknolojia ameomba msaada. "
        "Hitaji lake limepelekwa kwa {provider}.",
        "need": "Hitaji",
        "details": "Sekta: {sector} | Nchi: {country} | Shirika: {org_type}",
        "words": "Kwa maneno ya mtumiaji:",
        "link": "Fungua hitaji ili ulikubali au ulikatae: {link}",
        "no_phone": "Tafadhali jibu kupitia dashibodi: mtumiaji atapata jibu kwenye njia yake mwenyewe.",
        "phone": "Mtumiaji amekubali kushiriki namba yake: {phone}",
    },
    "ar": {
        "subject": "إحالة جديدة {reference}: {title}",
        "intro": "طلب أحد مستخدمي مساعد الاحتياجات التكنولوجية المساعدة. وقد أُحيلت حاجته إلى {provider}.",
        "need": "الحاجة",
        "details": "القطاع: {sector} | البلد: {country} | المنظمة: {org_type}",
        "words": "بكلمات المستخدم:",
        "link": "افتح الحاجة لقبولها أو رفضها: {link}",
        "no_phone": "يرجى الرد عبر لوحة المتابعة: يصل الرد إلى المستخدم على قناته.",
        "phone": "وافق المستخدم على مشاركة رقمه: {phone}",
    },
    "ha": {
        "subject": "Sabuwar turawa {reference}: {title}",
        "intro": "Wani mai amfani da mataimakin bukatun fasaha ya nemi taimako. "
        "An tura bukatarsa zuwa {provider}.",
        "need": "Bukata",
        "details": "Fanni: {sector} | Kasa: {country} | Kungiya: {org_type}",
        "words": "A kalmomin mai amfani:",
        "link": "Bude bukatar don karba ko ki: {link}",
        "no_phone": "Da fatan za a amsa ta dashboard: mai amfani zai samu amsa a tasharsa.",
        "phone": "Mai amfani ya yarda a raba lambarsa: {phone}",
    },
    "am": {
        "subject": "አዲስ ሪፈራል {reference}: {title}",
        "intro": "የቴክኖሎጂ ፍላጎቶች ረዳት ተጠቃሚ እርዳታ ጠይቋል። ፍላጎቱ ወደ {provider} ተልኳል።",
        "need": "ፍላጎት",
        "details": "ዘርፍ: {sector} | ሀገር: {country} | ድርጅት: {org_type}",
        "words": "በተጠቃሚው ቃላት:",
        "link": "ፍላጎቱን ለመቀበል ወይም ለመከልከል ይክፈቱ: {link}",
        "no_phone": "እባክዎ በዳሽቦርዱ በኩል ይመልሱ፤ ተጠቃሚው መልሱን በራሱ ቻናል ይቀበላል።",
        "phone": "ተጠቃሚው ቁጥሩን ለማጋራት ተስማምቷል: {phone}",
    },
}
