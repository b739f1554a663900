"""Pure parsers (no Rasa) that turn what people type into interview values, in our eight languages.

One module per kind of answer: `options` (choices, several choices, "I don't know"), `yes_no`,
`amounts` (money to budget bands), `countries` (countries and places), `opening` (everything a
free message already says). Their words live in data: conversation/locales/answers/.
"""
