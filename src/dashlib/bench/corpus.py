"""A synthetic news corpus for benchmarks: varied articles about invented events.

``dashlib bench generate --n N --out DIR [--seed S]`` writes N article files
into ``DIR`` and a ground truth into ``DIR/ground_truth/`` (a sub-folder, which
a build ignores):

* ``events.jsonl``: one invented event per line (type, day, place, district,
  target, perpetrator, its figures) with the files that report it as their
  main story and the files that mention it in passing;
* ``articles.jsonl``: one line per file (style, outlet, publication date, the
  event it reports or none).

The articles imitate the reporting styles the extraction rules meet: official
statements (ISPR, police, provincial government), insurgent claims relayed by
the media with denials, wire reports with datelines, first reports and later
revisions of the toll, rights groups and eyewitnesses against official counts,
local press, and analysis pieces full of statistics over periods. Events are
reported by one to eight articles from different outlets, in different words,
with each side's own figure. Places come from the gazetteer
(``data/reference/gazetteer.csv``), dates spread over 2012-2026.

Every sentence is put together from several hundred fragments (see
:func:`fragment_count`): numbers as digits, words, ranges and vague quantities,
qualifiers, attribution before, inside and after the clause. Nothing is copied
from the seed articles, and the text is not written *for* the rules: some
wordings are ones the rules do not know.

Generation is deterministic: the same ``n`` and ``seed`` give the same bytes.
The event plan comes from one random stream; every article then has its own
stream seeded by ``(seed, index)``.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from dashlib import paths
from dashlib.extraction.reference import Place, load_reference

TRUTH_DIR = "ground_truth"
FIRST_DAY = date(2012, 1, 1)
LAST_DAY = date(2026, 9, 30)

# --------------------------------------------------------------------------
# Vocabulary: several hundred fragments, combined at random.
# --------------------------------------------------------------------------

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTH_ABBR = (
    "Jan",
    "Feb",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
)

# Outlets: (name, kind). Kinds: wire, national, local, international.
OUTLETS: tuple[tuple[str, str], ...] = (
    ("Associated Press", "wire"),
    ("Reuters", "wire"),
    ("AFP", "wire"),
    ("Xinhua", "wire"),
    ("Anadolu Agency", "wire"),
    ("Dawn", "national"),
    ("The Express Tribune", "national"),
    ("Geo News", "national"),
    ("The News", "national"),
    ("Samaa TV", "national"),
    ("ARY News", "national"),
    ("Pakistan Today", "national"),
    ("The Nation", "national"),
    ("Daily Times", "national"),
    ("Business Recorder", "national"),
    ("The Balochistan Post", "local"),
    ("Daily Intikhab", "local"),
    ("Daily Azadi", "local"),
    ("Balochistan Express", "local"),
    ("Quetta Voice", "local"),
    ("Daily Qudrat", "local"),
    ("BBC", "international"),
    ("Al Jazeera", "international"),
    ("The Guardian", "international"),
    ("Arab News", "international"),
    ("Voice of America", "international"),
    ("The Diplomat", "international"),
    ("Radio Free Europe", "international"),
)
WIRE_TAGS = {
    "Associated Press": "AP",
    "Reuters": "Reuters",
    "AFP": "AFP",
    "Xinhua": "Xinhua",
    "Anadolu Agency": "Anadolu",
}

FIRST_NAMES = (
    "Abdul Razzaq",
    "Muhammad Ali",
    "Naseer Ahmed",
    "Shahid Rind",
    "Javed Iqbal",
    "Zahid Saleem",
    "Imran Qureshi",
    "Asif Khan",
    "Nadeem Baloch",
    "Farooq Ahmed",
    "Ghulam Rasool",
    "Hafeez Jamali",
    "Kamran Murtaza",
    "Saleem Shah",
    "Yousuf Zehri",
    "Tariq Mengal",
    "Bilal Kakar",
    "Aslam Bugti",
    "Waseem Raisani",
    "Rashid Lehri",
    "Khalid Durrani",
    "Akbar Marri",
    "Sajid Hussain",
    "Arif Shahwani",
)
BYLINE_NAMES = (
    "Saleem Shahid",
    "Syed Ali Shah",
    "Mohammad Zafar",
    "Kiyya Baloch",
    "Adnan Aamir",
    "Shezad Baloch",
    "Abdul Ghani Kakar",
    "Amna Jamil",
    "Sana Ullah",
    "Zia Ur Rehman",
    "Hina Baloch",
    "Malik Achakzai",
)
LOCALITIES = (
    "Sariab",
    "Satellite Town",
    "Hazarganji",
    "Brewery Road",
    "Kili Qambrani",
    "Spinny Road",
    "Nawa Killi",
    "Jinnah Road",
    "Kuchlak",
    "Eastern Bypass",
    "Killi Ismail",
    "Pir Ghaib",
    "Margat",
    "Koshk",
    "Nodiz",
    "Dasht",
    "Buleda",
    "Gichk",
    "Parom",
    "Jhaoo",
    "Kolwah",
    "Sorab Road",
    "Nal",
    "Wadh",
    "Ornach",
    "Gaddani",
    "Winder",
    "Kanrach",
    "Sanjawi",
    "Kingri",
    "Chamalang",
    "Pir Koh",
    "Singsila",
    "Kahan",
    "Marget",
    "Shahrag",
    "Khost",
    "Aab-e-Gum",
    "Panir",
    "Kolpur",
)

# Groups: (name used in text, short form, actor name in the reference data)
GROUPS = (
    ("Baloch Liberation Army", "BLA"),
    ("Baloch Liberation Front", "BLF"),
    ("Baloch Republican Guards", "BRG"),
    ("Baloch Raaji Aajoi Sangar", "BRAS"),
    ("Tehreek-e-Taliban Pakistan", "TTP"),
    ("Islamic State Khorasan Province", "ISKP"),
)
GROUP_WEIGHTS = (40, 22, 6, 6, 14, 6)
SPOKESMEN = {
    "BLA": ("Jeeyand Baloch", "Azad Baloch"),
    "BLF": ("Major Gwahram Baloch", "Gwahram Baloch"),
    "BRG": ("Dostain Baloch",),
    "BRAS": ("Baloch Khan",),
    "TTP": ("Muhammad Khurasani",),
    "ISKP": ("its Amaq news agency",),
}

# Event types and how often they occur.
TYPES = (
    ("armed_assault", 22),
    ("ied", 14),
    ("bombing", 13),
    ("security_operation", 13),
    ("ambush", 8),
    ("abduction", 8),
    ("sabotage", 7),
    ("suicide_bombing", 6),
    ("coordinated_attacks", 3),
    ("takeover", 3),
    ("hijacking", 1),
)
# Target categories each type hits, with weights.
TYPE_TARGETS: dict[str, tuple[tuple[str, int], ...]] = {
    "armed_assault": (
        ("security_forces", 4),
        ("police", 4),
        ("civilians", 6),
        ("mineral_transport", 1),
        ("government", 1),
        ("education", 1),
    ),
    "ied": (("security_forces", 6), ("police", 3), ("civilians", 2), ("infrastructure", 1)),
    "bombing": (
        ("civilians", 5),
        ("police", 2),
        ("security_forces", 2),
        ("rail", 1),
        ("government", 1),
    ),
    "security_operation": (("security_forces", 1),),
    "ambush": (("security_forces", 5), ("police", 2), ("cpec_chinese", 1)),
    "abduction": (("civilians", 5), ("mineral_transport", 1), ("government", 1)),
    "sabotage": (("infrastructure", 4), ("rail", 3), ("mineral_transport", 1)),
    "suicide_bombing": (
        ("security_forces", 3),
        ("police", 2),
        ("civilians", 3),
        ("cpec_chinese", 1),
        ("rail", 1),
    ),
    "coordinated_attacks": (("security_forces", 1),),
    "takeover": (("government", 2), ("police", 1)),
    "hijacking": (("rail", 1),),
}

# Noun phrases for what was hit, per target category.
TARGET_NP: dict[str, tuple[str, ...]] = {
    "security_forces": (
        "a military convoy",
        "an FC checkpost",
        "a security forces' vehicle",
        "a Frontier Corps camp",
        "an army post",
        "a paramilitary convoy",
        "a security checkpoint",
        "a patrol of the Frontier Corps",
        "an army vehicle",
        "a camp of the paramilitary force",
    ),
    "police": (
        "a police station",
        "a police mobile",
        "a Levies checkpost",
        "a police patrol",
        "a police van",
        "a Levies post",
        "a CTD vehicle",
        "a police checkpoint",
    ),
    "civilians": (
        "a passenger bus",
        "a crowded market",
        "a group of labourers",
        "a roadside hotel",
        "a van carrying passengers",
        "a vegetable market",
        "a shop",
        "a house",
        "a group of construction workers",
        "a wedding gathering",
    ),
    "infrastructure": (
        "a gas pipeline",
        "a power pylon",
        "a mobile tower",
        "a bridge on the highway",
        "an electricity transmission line",
        "a grid station",
    ),
    "rail": (
        "a passenger train",
        "the railway track",
        "a railway station",
        "a goods train",
    ),
    "cpec_chinese": (
        "a convoy carrying Chinese engineers",
        "a vehicle carrying Chinese nationals",
        "Chinese workers",
    ),
    "mineral_transport": (
        "coal trucks",
        "trucks carrying minerals",
        "a coal mine",
        "mine workers",
    ),
    "government": (
        "a deputy commissioner's office",
        "a bank",
        "a tehsil office",
        "government buildings",
        "an election office",
    ),
    "education": ("a school", "a college bus", "a girls' school", "teachers"),
}

TRIGGER_NP: dict[str, tuple[str, ...]] = {
    "bombing": (
        "a bomb blast",
        "a powerful explosion",
        "a bomb explosion",
        "a blast",
        "a grenade attack",
        "a remote-controlled bomb",
        "a motorcycle bomb",
        "an explosion",
        "a hand grenade",
    ),
    "suicide_bombing": (
        "a suicide bombing",
        "a suicide attack",
        "a suicide blast",
        "a suicide car bombing",
        "a suicide bomber",
    ),
    "ied": (
        "a roadside bomb",
        "an IED blast",
        "an improvised explosive device",
        "a landmine explosion",
        "a remote-controlled IED",
        "a roadside bomb blast",
    ),
    "ambush": ("an ambush", "a militant ambush", "an ambush by militants"),
    "armed_assault": (
        "an attack",
        "a gun attack",
        "an armed attack",
        "a raid",
        "an assault",
        "a shooting",
    ),
    "coordinated_attacks": (
        "a series of coordinated attacks",
        "simultaneous attacks",
        "a wave of attacks",
        "near-simultaneous assaults",
        "multiple attacks",
    ),
    "takeover": ("a takeover", "an assault"),
    "abduction": ("an abduction", "a kidnapping"),
    "sabotage": ("an act of sabotage", "a sabotage attack"),
    "hijacking": ("the hijacking", "a hijacking"),
    "security_operation": (
        "an intelligence-based operation",
        "a counter-terrorism operation",
        "a search operation",
        "a clearance operation",
        "a military operation",
        "an IBO",
    ),
}
HIT_VERBS = (
    "hit",
    "struck",
    "targeted",
    "ripped through",
    "tore through",
    "went off near",
    "exploded near",
    "was detonated near",
)
ATTACKERS = (
    "unidentified gunmen",
    "armed men on motorcycles",
    "militants",
    "heavily armed militants",
    "unknown assailants",
    "armed assailants",
    "terrorists",
    "masked gunmen",
    "armed men",
    "a group of militants",
    "insurgents",
)
ASSAULT_VERBS = (
    "attacked",
    "opened fire on",
    "stormed",
    "raided",
    "targeted",
    "fired at",
    "sprayed bullets at",
)

# Victims: group -> plural nouns (a few the rules do not know).
VICTIM_NOUNS: dict[str, tuple[str, ...]] = {
    "security_forces": (
        "soldiers",
        "security personnel",
        "FC personnel",
        "Frontier Corps soldiers",
        "troops",
        "paramilitary soldiers",
        "army personnel",
        "security men",
        "jawans",
        "servicemen",
    ),
    "police": (
        "policemen",
        "police officers",
        "Levies personnel",
        "police personnel",
        "Levies men",
        "cops",
    ),
    "civilians": (
        "civilians",
        "people",
        "labourers",
        "passengers",
        "residents",
        "workers",
        "villagers",
        "bystanders",
        "persons",
        "men",
        "commuters",
        "shoppers",
    ),
    "insurgents": (
        "militants",
        "terrorists",
        "insurgents",
        "attackers",
        "fighters",
        "khawarij",
        "miscreants",
        "rebels",
    ),
    "chinese": ("Chinese nationals", "Chinese engineers", "Chinese workers", "foreigners"),
}
SINGULAR_NOUNS: dict[str, tuple[str, ...]] = {
    "security_forces": ("soldier", "FC soldier", "Frontier Corps soldier", "army officer"),
    "police": ("policeman", "Levies official", "police officer", "police constable"),
    "civilians": ("civilian", "passenger", "labourer", "shopkeeper", "woman", "child"),
    "insurgents": ("militant", "terrorist", "suicide bomber", "attacker"),
    "chinese": ("Chinese national", "Chinese engineer"),
}
KILLED_PASSIVE = (
    "were killed",
    "were martyred",
    "were shot dead",
    "lost their lives",
    "died",
    "embraced martyrdom",
    "were gunned down",
    "were slain",
    "perished",
    "were left dead",
)
KILLED_PASSIVE_SG = ("was killed", "was martyred", "was shot dead", "lost his life", "died")
INJURED_PASSIVE = (
    "were injured",
    "were wounded",
    "sustained injuries",
    "were hurt",
    "received bullet wounds",
)
KILLED_ACTIVE = ("killing", "leaving", "claiming the lives of", "martyring")
INJURED_ACTIVE = ("injuring", "wounding", "leaving injured")

# Attribution: (phrase, kind) with kind official/police/military/hospital/local.
OFFICIAL_SUBJECTS = (
    "police said",
    "officials said",
    "police officials said",
    "a police official said",
    "a senior police official told reporters",
    "Levies officials said",
    "security officials said",
    "a security official said",
    "the district administration said",
    "the deputy commissioner said",
    "officials confirmed",
    "local officials said",
    "the provincial government said",
    "authorities said",
    "police sources said",
    "official sources said",
    "a government spokesman said",
    "the CTD said",
    "a police spokesman said",
    "a Levies official said",
    "hospital officials said",
    "rescue officials said",
    "a doctor at the hospital said",
)
MILITARY_SUBJECTS = (
    "the ISPR said",
    "the ISPR said in a statement",
    "the military's media wing said",
    "the Inter-Services Public Relations said",
    "the military said",
    "the army said in a statement",
    "according to the ISPR",
    "the military said in a press release",
)
NAMED_OFFICIALS = (
    "Deputy Commissioner {name}",
    "SSP {name}",
    "Levies Risaldar {name}",
    "Assistant Commissioner {name}",
    "DIG {name}",
    "provincial home minister {name}",
    "government spokesperson {name}",
    "SHO {name}",
    "Dr {name}, the medical superintendent of the hospital,",
)
WITNESSES = (
    "residents",
    "a resident",
    "an eyewitness",
    "witnesses",
    "local residents",
    "a survivor",
    "relatives of the victims",
    "tribal elders",
    "villagers",
    "a shopkeeper who saw the attack",
)
RIGHTS_GROUPS = (
    ("Human Rights Commission of Pakistan", "HRCP"),
    ("Baloch Yakjehti Committee", "BYC"),
    ("Amnesty International", "Amnesty"),
    ("Human Rights Watch", "HRW"),
    ("Voice for Baloch Missing Persons", "VBMP"),
)
THINK_TANKS = (
    "the Pakistan Institute for Conflict and Security Studies",
    "the Pakistan Institute for Peace Studies",
    "the Centre for Research and Security Studies",
    "the South Asia Terrorism Portal",
    "the Islamabad Policy Research Institute",
)

HOSPITALS = (
    "the Civil Hospital",
    "the District Headquarters Hospital",
    "the Combined Military Hospital",
    "the Trauma Centre",
    "the Bolan Medical Complex",
    "a nearby hospital",
    "the Basic Health Unit",
)

# Sentences that carry no figure: response, condemnation, context, colour.
RESPONSE_SENTENCES = (
    "Security forces cordoned off the area and launched a search operation.",
    "A heavy contingent of police reached the site soon after the attack.",
    "The area was cordoned off and the bodies and the injured were shifted to {hospital}.",
    "The attackers fled the scene before reinforcements arrived.",
    "Police registered a case against unknown persons and began an investigation.",
    "Bomb disposal squad officials collected evidence from the site.",
    "Traffic on the highway remained suspended for several hours.",
    "An emergency was declared at {hospital} in {town}.",
    "Officials said the assailants escaped towards the nearby mountains.",
    "A combing operation was under way in the surrounding area, officials said.",
    "The bodies were handed over to the families after medico-legal formalities.",
    "Investigators were trying to determine how the explosives had been planted.",
    "Mobile internet service was suspended in the district as a precaution.",
    "The injured were taken to {hospital}, where some of them were said to be in critical condition.",
    "Rescue teams reached the spot and moved the wounded to {hospital}.",
    "The highway was reopened to traffic late in the evening.",
    "The funeral prayers of the victims were offered in {town} later in the day.",
    "Shops and markets in the town remained closed the next day in protest.",
    "The CTD has been tasked with investigating the incident.",
    "Police said the attack bore the hallmarks of earlier militant strikes in the area.",
)
CONDEMNATION_SENTENCES = (
    "Chief Minister {official} condemned the attack and directed the authorities to bring the perpetrators to justice.",
    "Prime Minister {official} condemned the incident and expressed grief over the loss of lives.",
    "The interior minister condemned the attack, calling it a cowardly act.",
    "Balochistan government spokesperson {official} said the nation stood with the families of the victims.",
    "President {official} offered condolences to the bereaved families.",
    "The provincial home department sought a report on the incident from the police.",
    "Opposition parties condemned the attack and demanded better security in the province.",
    "The chief secretary chaired a meeting to review the security situation after the attack.",
    "The Foreign Office said such attacks would not deter the government's resolve.",
    "The governor of Balochistan condemned the incident and prayed for the early recovery of the injured.",
)
CONTEXT_SENTENCES = (
    "Balochistan, Pakistan's largest but least populous province, has faced a low-level insurgency for decades.",
    "Separatist groups accuse the federal government of exploiting the province's gas and mineral wealth.",
    "The province is home to key projects of the China-Pakistan Economic Corridor.",
    "The area has witnessed frequent attacks on security forces in recent years.",
    "Baloch separatists have stepped up their attacks since talks with the government broke down.",
    "Rights groups have long raised concerns over enforced disappearances in the province.",
    "The government says it is committed to restoring peace and development in Balochistan.",
    "Militants have often targeted the highway that links the port of Gwadar with the rest of the country.",
    "The region borders Iran and Afghanistan, and officials say militants use hideouts across the border.",
    "Islamabad has repeatedly accused neighbouring countries of sheltering the insurgents, a charge they deny.",
    "Local journalists say access to the area is restricted, making independent verification difficult.",
    "The insurgents say they are fighting for greater control over the region's natural resources.",
    "Many of the province's districts remain without reliable mobile and internet connections.",
    "The province's coastal belt has seen a steady rise in violence over the past decade.",
    "Security analysts say the militants have acquired more sophisticated weapons in recent years.",
    "The attack came amid heightened security ahead of the national day celebrations.",
    "Officials have blamed the violence on foreign-funded groups, without offering evidence.",
    "Pakistan's military says it has dismantled dozens of militant networks in the province.",
    "The federal government has announced a new development package for the province's southern districts.",
    "Residents say the security situation has made travel on the highways increasingly dangerous.",
    "The district has been under heavy security since a string of attacks on the highway.",
    "The Makran division, which includes Kech, Gwadar and Panjgur, has been a stronghold of the separatists.",
    "Authorities have fenced parts of the border with Iran to stop militants from crossing over.",
    "Telecommunication services in the area are often suspended during security operations.",
    "Labourers from other provinces have repeatedly been targeted by separatist militants in the area.",
    "The government has raised new wings of the Frontier Corps to protect development projects.",
    "Local traders say the repeated attacks have crippled business in the town.",
    "Political parties in the province have demanded that the government open talks with the angry Baloch.",
    "Pakistan and China have agreed to strengthen security for Chinese nationals working in the country.",
    "The provincial assembly passed a resolution condemning the wave of violence.",
)
DETAIL_SENTENCES: dict[str, tuple[str, ...]] = {
    "blast": (
        "The explosives had been planted in a motorcycle parked by the roadside, police said.",
        "The blast was heard several kilometres away and shattered the windows of nearby buildings.",
        "Initial investigations suggested that the device had been detonated by remote control.",
        "A crater was left at the site and several vehicles were badly damaged.",
        "Bomb disposal officials said around eight kilograms of explosives had been used.",
        "The device was hidden in a drain along the road used by the convoy every morning.",
        "Footage shared on social media showed thick smoke rising over the area.",
        "Nearby shops caught fire after the explosion, and firefighters struggled to reach the scene.",
    ),
    "assault": (
        "The attackers, who came on motorcycles, opened indiscriminate fire and fled.",
        "The assailants had taken positions on the hills overlooking the road, officials said.",
        "The gunmen checked the identity cards of the passengers before opening fire.",
        "The exchange of fire continued for more than an hour before the attackers withdrew.",
        "Eyewitnesses said the attackers used rocket launchers and automatic weapons.",
        "The attack took place when the personnel were changing shifts at the post.",
        "Officials said the assailants set two vehicles on fire before escaping.",
        "Reinforcements were sent from the nearby cantonment after the attack.",
    ),
    "operation": (
        "Weapons, ammunition and explosives were recovered from the slain terrorists, the statement said.",
        "The operation was launched on the reported presence of terrorists in the area.",
        "The terrorists were involved in attacks on security forces and civilians, the ISPR said.",
        "A sanitisation operation was being conducted to eliminate any other terrorists found in the area.",
        "The security forces are determined to wipe out the menace of terrorism, the statement said.",
        "Local residents said the area had been sealed off for two days before the operation.",
    ),
    "abduction": (
        "The abductors forced the men into their vehicles and drove towards the mountains.",
        "Relatives of the abducted men blocked the highway in protest on the following day.",
        "Officials said efforts were under way to secure the release of the abducted persons.",
        "The kidnappers let women and children go and took only the men, passengers said.",
        "Levies personnel said they had set up checkpoints on the routes leading out of the area.",
    ),
    "sabotage": (
        "Repair teams reached the site under the protection of security forces.",
        "Officials said it would take several days to restore the damaged installation.",
        "Gas supply to several towns was suspended after the pipeline was damaged.",
        "Power supply to large parts of the district was cut off after the pylon was destroyed.",
        "Residents said they had heard a loud explosion shortly after midnight.",
    ),
    "rail": (
        "Railway officials said train services to and from Quetta had been suspended until the track was repaired.",
        "Repair teams reached the site under the protection of security forces.",
        "Hundreds of passengers were stranded at the railway station after the services were suspended.",
        "A relief train was sent from Sibi to bring back the stranded passengers.",
        "Pakistan Railways said security along the track would be increased.",
    ),
}
QUOTES = (
    "“We heard a loud bang and then there was smoke everywhere,” said {name}, a shopkeeper.",
    "“The cowardly enemy cannot shake our resolve,” {official} said in a statement.",
    "“My brother had gone to work in the morning and never came back,” said a relative of one of the victims.",
    "“The terrorists will be hunted down and brought to justice,” the interior minister said.",
    "“There is no security on this road; we travel at our own risk,” a bus driver said.",
    "“The firing went on for a long time and we hid inside our houses,” a resident told reporters.",
    "“We have identified the network behind the attack,” a senior police officer said.",
    "“The state has failed to protect its citizens,” said {name}, a local political leader.",
    "“We were told to lie down on the floor,” one of the survivors recalled.",
    "“Every family in this town has lost someone,” said {name}, a teacher.",
    "“We will not be intimidated,” the chief minister said after visiting the injured.",
    "“The enemies of Pakistan want to derail development in Balochistan,” the statement said.",
    "“The hospital did not have enough blood for the wounded,” a doctor said.",
    "“We demand a judicial inquiry into the incident,” said {name} of the Baloch Yakjehti Committee.",
)
AGGREGATE_SENTENCES = (
    "Hundreds of soldiers and civilians have been killed in such attacks over the past decade.",
    "Dozens of labourers from Punjab have been killed in similar attacks in recent years.",
    "More than {big} people have been killed in militant violence in the province since {year0}.",
    "According to {tank}, at least {big} people were killed in militant attacks in the province in {year0}, the deadliest year in a decade.",
    "Attacks on security forces have risen every year since {year0}, according to official data.",
    "{tank_cap} recorded {med} attacks in Balochistan so far this year, up from {med2} over the same period last year.",
    "Around {med} people go missing in the province every year, rights activists say.",
    "Since {year0}, the group has been responsible for numerous attacks on the army and on Chinese interests.",
    "Violence in the province has claimed over {big} lives in the past decade, according to {tank}.",
    "On average, {small} attacks a month were recorded in the province in {year0}, the data show.",
)
ANALYSIS_OPENERS = (
    "Violence in Balochistan has surged over the past {small} years.",
    "The insurgency in Pakistan's southwest has changed character over the past decade.",
    "For years, the conflict in Balochistan was a low-intensity affair confined to a few districts.",
    "Militant violence in Balochistan has reached levels not seen since the early 2010s.",
    "Few conflicts in South Asia receive as little attention as the one in Balochistan.",
    "Pakistan's largest province is once again at the centre of a security crisis.",
    "The latest wave of attacks has exposed the limits of the state's counter-insurgency strategy.",
    "Analysts have long warned that the insurgency in Balochistan was entering a more dangerous phase.",
)
ANALYSIS_BODY = (
    "Analysts say the separatist groups have recruited hundreds of educated young men since {year0}.",
    "The province accounts for 44 percent of Pakistan's land area but only 6 percent of its population.",
    "Security officials argue that the insurgents draw support from outside the country.",
    "Baloch nationalists counter that the grievances behind the insurgency are political and economic.",
    "The state's response has relied heavily on military operations rather than dialogue.",
    "Enforced disappearances remain the most divisive issue in the province, rights groups say.",
    "Chinese investments have become a frequent target, raising questions about the future of CPEC projects.",
    "The militants have shifted from hit-and-run raids to larger, coordinated operations.",
    "Women have joined the insurgency in small numbers, a development that has alarmed the authorities.",
    "The government has banned several groups and offered amnesty to fighters who surrender.",
    "Experts note that the violence is concentrated along the Makran coast and in the central districts.",
    "Economic stagnation and unemployment have fed the anger that the militant groups exploit.",
    "The political parties of the province have called for an all-parties conference on the crisis.",
    "Some observers believe that the conflict cannot be resolved without a negotiated settlement.",
    "The federal government insists that development, not negotiation, is the answer.",
    "Officials concede that the militants have become better organised and better armed.",
)
FURNITURE_LINES = (
    "Read more: Security tightened across Balochistan",
    "Also read: Militants attack checkpost in Kech",
    "Advertisement",
    "Follow us on Twitter for the latest updates",
    "Subscribe to our newsletter",
    "Share this story",
    "Photo: File",
    "Copyright 2025. All rights reserved.",
    "Related: What is behind the violence in Balochistan?",
    "Click here to read the full statement",
)
RELATED_HEADLINES = (
    "Gunmen kill labourers in Kech",
    "Blast near railway track in Bolan",
    "CTD arrests suspects in Quetta",
    "Security forces kill militants in Awaran",
    "Protest sit-in enters third day in Gwadar",
    "Highway attack leaves passengers stranded",
    "Levies post attacked in Washuk",
    "Chief minister announces compensation",
)

TITLE_TEMPLATES: dict[str, tuple[str, ...]] = {
    "general": (
        "{N_cap} {victims} killed in {place} {trig_short}",
        "{Trig_short_cap} kills {n} in {place}",
        "{place}: {victims} among {n} dead in {trig_short}",
        "Militants strike in {place}, {n} killed",
        "{N_cap} dead, {m} injured in {place} {trig_short}",
        "Deadly {trig_short} rocks {place}",
        "{Trig_short_cap} in {place} leaves {n} dead",
        "Terror strikes {place} again",
        "{place} mourns after {trig_short}",
        "Toll in {place} {trig_short} rises",
    ),
    "security_operation": (
        "Security forces kill {n} terrorists in {place}",
        "{N_cap} militants killed in {place} operation",
        "IBO in {place}: {n} terrorists killed, says ISPR",
        "Soldiers martyred, militants killed in {place} operation",
    ),
    "abduction": (
        "Gunmen abduct {n} in {place}",
        "{N_cap} passengers kidnapped near {place}",
        "Abduction on highway near {place}",
    ),
    "sabotage": (
        "Militants blow up {what} in {place}",
        "Sabotage in {place} disrupts supplies",
        "{What_cap} blown up in {place}",
    ),
    "claim": (
        "{group} claims {place} attack",
        "{group} says it killed {n} soldiers in {place}",
        "Militant group claims responsibility for {place} attack",
    ),
    "analysis": (
        "Why Balochistan's insurgency is escalating",
        "The long war in Pakistan's southwest",
        "Balochistan: an insurgency in numbers",
        "What the latest attacks say about the Baloch insurgency",
        "Analysis: the changing face of militancy in Balochistan",
        "Balochistan's forgotten conflict",
        "Can Pakistan end the violence in Balochistan?",
        "Inside the insurgency that threatens CPEC",
    ),
}


def fragment_count() -> int:
    """How many hand-written fragments the generator combines (for the docs and a test)."""
    pools: list[Sequence] = [
        OUTLETS,
        FIRST_NAMES,
        BYLINE_NAMES,
        LOCALITIES,
        GROUPS,
        HIT_VERBS,
        ATTACKERS,
        ASSAULT_VERBS,
        KILLED_PASSIVE,
        KILLED_PASSIVE_SG,
        INJURED_PASSIVE,
        KILLED_ACTIVE,
        INJURED_ACTIVE,
        OFFICIAL_SUBJECTS,
        MILITARY_SUBJECTS,
        NAMED_OFFICIALS,
        WITNESSES,
        RIGHTS_GROUPS,
        THINK_TANKS,
        HOSPITALS,
        RESPONSE_SENTENCES,
        QUOTES,
        CONDEMNATION_SENTENCES,
        CONTEXT_SENTENCES,
        AGGREGATE_SENTENCES,
        ANALYSIS_OPENERS,
        ANALYSIS_BODY,
        FURNITURE_LINES,
        RELATED_HEADLINES,
        _LEAD_KINDS,
        _QUALIFIER_FORMS,
    ]
    pools += list(TARGET_NP.values()) + list(TRIGGER_NP.values()) + list(VICTIM_NOUNS.values())
    pools += list(SINGULAR_NOUNS.values()) + list(TITLE_TEMPLATES.values())
    pools += list(DETAIL_SENTENCES.values())
    return sum(len(p) for p in pools)


# --------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------


def number_words(n: int) -> str:
    """English words for 0..999 ('twenty-three', 'one hundred and five')."""
    if n < 20:
        return _UNITS[n]
    if n < 100:
        t, u = divmod(n, 10)
        return _TENS[t - 2] + ("-" + _UNITS[u] if u else "")
    h, rest = divmod(n, 100)
    return _UNITS[h] + " hundred" + (" and " + number_words(rest) if rest else "")


_QUALIFIER_FORMS = (
    ("at least {n}", 5),
    ("more than {n}", 3),
    ("over {n}", 2),
    ("some {n}", 1),
    ("around {n}", 2),
    ("nearly {n}", 1),
    ("about {n}", 1),
    ("up to {n}", 1),
    ("no fewer than {n}", 1),
    ("as many as {n}", 1),
    ("an estimated {n}", 1),
    ("roughly {n}", 1),
    ("at least {n}", 2),
)


def _qualified(rng: random.Random, text: str) -> str:
    form = rng.choices([f for f, _ in _QUALIFIER_FORMS], [w for _, w in _QUALIFIER_FORMS])[0]
    return form.format(n=text)


def render_number(rng: random.Random, n: int, *, start: bool = False, vague: bool = True) -> str:
    """A count as a reporter might write it: digits, words, a qualifier, a range or a vague word."""
    r = rng.random()
    if vague and n >= 24 and r < 0.08:
        return rng.choice(("dozens of", "scores of", "dozens of"))
    if vague and 3 <= n <= 9 and r < 0.06:
        return rng.choice(("several", "a number of", "a few"))
    if vague and n == 12 and r < 0.3:
        return "a dozen"
    if n >= 4 and r < 0.14:
        lo = max(1, n - rng.randint(1, 3))
        return rng.choice(
            (
                f"between {lo} and {n}",
                f"{lo} to {n}",
                f"{lo}-{n}",
                f"{number_words(lo)} to {number_words(n)}",
            )
            if n < 100
            else (f"between {lo} and {n}", f"{lo} to {n}")
        )
    if start or (n < 10 and rng.random() < 0.6) or (n < 100 and rng.random() < 0.15):
        text = number_words(n)
    else:
        text = f"{n:,}" if n >= 1000 and rng.random() < 0.7 else str(n)
    if rng.random() < 0.35:
        text = _qualified(rng, text)
    return text


def cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


# --------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------


@dataclass
class Event:
    """An invented event and what really happened (the ground truth)."""

    event_id: str
    kind: str
    day: date
    place: Place
    locality: str
    target: str
    target_np: str
    perpetrator: str  # short form ("BLA") or "" when no one claims it
    named_target: str
    killed_sf: int = 0
    killed_civ: int = 0
    killed_ins: int = 0
    injured: int = 0
    abducted: int = 0
    hostages: int = 0
    claimed_sf: int = 0  # the insurgents' own count of security forces killed
    victims_group: str = "civilians"
    articles: list[str] = field(default_factory=list)
    mentioned_in: list[str] = field(default_factory=list)

    def truth(self) -> dict:
        return {
            "event_id": self.event_id,
            "type": self.kind,
            "date": self.day.isoformat(),
            "place": self.place.name,
            "district": self.place.district,
            "province": self.place.province,
            "target": self.target,
            "named_target": self.named_target,
            "perpetrator": self.perpetrator,
            "killed": {
                "security_forces": self.killed_sf,
                "civilians": self.killed_civ,
                "insurgents": self.killed_ins,
            },
            "injured": self.injured,
            "abducted": self.abducted,
            "hostages": self.hostages,
            "insurgent_claim_security_forces_killed": self.claimed_sf,
            "articles": self.articles,
            "mentioned_in": self.mentioned_in,
        }


def _weighted(rng: random.Random, pairs) -> str:
    return rng.choices([p for p, _ in pairs], [w for _, w in pairs])[0]


def _places(ref) -> tuple[list[Place], list[float]]:
    """Gazetteer towns and districts, weighted like the real geography of the violence."""
    heavy = {
        "Quetta": 10,
        "Kech": 6,
        "Turbat": 6,
        "Mastung": 4,
        "Gwadar": 4,
        "Panjgur": 4,
        "Khuzdar": 4,
        "Kachhi": 3,
        "Bolan": 3,
        "Noshki": 3,
        "Kalat": 3,
        "Awaran": 3,
        "Dera Bugti": 3,
        "Kohlu": 3,
        "Harnai": 2,
        "Sibi": 2,
        "Washuk": 2,
        "Kharan": 2,
        "Musakhel": 2,
        "Zhob": 2,
        "Hub": 2,
    }
    out, weights = [], []
    for p in ref.places.values():
        if p.level not in ("town", "district"):
            continue
        if p.province == "Balochistan":
            w = heavy.get(p.name, 1.0)
        elif p.name in ("Karachi", "Dera Ismail Khan", "Besham", "Dera Ghazi Khan"):
            w = 0.5
        else:
            continue
        out.append(p)
        weights.append(w)
    return out, weights


def _figures_for(rng: random.Random, ev: Event) -> None:
    k = ev.kind
    t = ev.target
    if k == "security_operation":
        ev.killed_ins = rng.randint(2, 25)
        ev.killed_sf = rng.choice((0, 0, 0, 1, 2, 3))
        ev.victims_group = "insurgents"
    elif k == "abduction":
        ev.abducted = rng.randint(2, 30)
        ev.killed_civ = rng.choice((0, 0, 0, 1, 2))
    elif k == "sabotage":
        ev.killed_civ = rng.choice((0, 0, 0, 0, 1))
    elif k == "hijacking":
        ev.hostages = rng.randint(150, 450)
        ev.killed_civ = rng.randint(10, 30)
        ev.killed_sf = rng.randint(3, 20)
        ev.killed_ins = rng.randint(10, 35)
        ev.claimed_sf = ev.killed_sf * rng.randint(4, 10)
    else:
        scale = {
            "suicide_bombing": (3, 40),
            "coordinated_attacks": (10, 60),
            "bombing": (1, 25),
            "ied": (1, 7),
            "ambush": (2, 16),
            "armed_assault": (1, 12),
            "takeover": (0, 8),
        }[k]
        dead = rng.randint(*scale)
        if t in ("security_forces", "police"):
            ev.killed_sf = dead
            ev.victims_group = t
            ev.claimed_sf = dead * rng.randint(2, 6) + rng.randint(0, 5)
        elif t == "cpec_chinese":
            ev.killed_civ = min(dead, rng.randint(1, 6))
            ev.victims_group = "chinese"
            ev.killed_sf = rng.randint(0, 3)
        else:
            ev.killed_civ = dead
            ev.victims_group = "civilians"
        ev.injured = rng.randint(0, dead * 3 + 2) if rng.random() < 0.75 else 0
        if rng.random() < 0.25:
            ev.killed_ins = rng.randint(1, 6)


def plan_events(rng: random.Random, n_event_articles: int, ref) -> list[Event]:
    """Events whose report counts add up to ``n_event_articles``."""
    places, weights = _places(ref)
    named = {
        "rail": [n for n, t in ref.named_targets.items() if t.category == "rail"],
        "cpec_chinese": [n for n, t in ref.named_targets.items() if t.category == "cpec_chinese"],
        "mineral_transport": [
            n for n, t in ref.named_targets.items() if t.category == "mineral_transport"
        ],
    }
    span = (LAST_DAY - FIRST_DAY).days
    events: list[Event] = []
    left = n_event_articles
    while left > 0:
        kind = _weighted(rng, TYPES)
        target = _weighted(rng, TYPE_TARGETS[kind])
        place = rng.choices(places, weights)[0]
        # Later years see more reports, as in the real record.
        day = FIRST_DAY + timedelta(days=int(span * rng.random() ** 0.7))
        size = rng.choices((1, 2, 3, 4, 5, 6, 8), (44, 24, 14, 8, 5, 3, 2))[0]
        if kind in ("hijacking", "coordinated_attacks", "suicide_bombing"):
            size = min(8, size + rng.randint(1, 3))
        size = min(size, left)
        left -= size
        nt = ""
        if kind == "hijacking" or (target in named and rng.random() < 0.25):
            nt = rng.choice(named.get(target) or named["rail"])
        perp = ""
        if kind != "security_operation" and rng.random() < 0.7:
            perp = rng.choices([g[1] for g in GROUPS], GROUP_WEIGHTS)[0]
        elif kind == "security_operation":
            perp = rng.choice(("BLA", "BLF", "TTP", ""))
        ev = Event(
            event_id=f"e{len(events):06d}",
            kind=kind,
            day=day,
            place=place,
            locality=rng.choice(LOCALITIES) if rng.random() < 0.35 else "",
            target=target,
            target_np=rng.choice(TARGET_NP[target]),
            perpetrator=perp,
            named_target=nt,
        )
        _figures_for(rng, ev)
        ev.articles = [""] * size  # filled with file names later
        events.append(ev)
    return events


# --------------------------------------------------------------------------
# Articles
# --------------------------------------------------------------------------

STYLES = (
    "official",
    "insurgent_claim",
    "wire",
    "first_report",
    "revision",
    "rights_witness",
    "local_press",
    "analysis",
)


@dataclass
class Plan:
    """One article to write."""

    index: int
    style: str
    event: Event | None
    report_no: int  # 0 for the first report of its event
    published: date
    outlet: str
    outlet_kind: str
    background: list[Event] = field(default_factory=list)
    file: str = ""


def _group_name(rng: random.Random, short: str, first: bool = True) -> str:
    full = dict((s, f) for f, s in GROUPS)[short]
    if first:
        return rng.choice(
            (f"the {full}", f"the banned {full}", f"the {full} ({short})", f"the outlawed {full}")
        )
    return rng.choice((f"the {short}", f"the {short}", "the group", f"the {full}"))


class Writer:
    """Writes one article from its plan with its own random stream."""

    def __init__(self, plan: Plan, seed: int):
        self.p = plan
        self.ev = plan.event
        self.rng = random.Random(f"{seed}:{plan.index}")
        self.official = self.rng.choice(FIRST_NAMES)
        self.pub = plan.published

    # -- small phrases -------------------------------------------------------
    def when(self, d: date) -> str:
        """The event day as written relative to the publication date."""
        rng = self.rng
        gap = (self.pub - d).days
        wd = WEEKDAYS[d.weekday()]
        part = rng.choice(("", "", "", " night", " morning", " evening", " afternoon"))
        if gap == 0:
            return rng.choice(
                ("today", "on " + wd + part, "earlier today", "this morning", "on " + wd)
            )
        if gap == 1:
            return rng.choice(("yesterday", "on " + wd + part, "late " + wd + " night", "on " + wd))
        if gap < 7:
            return rng.choice(("on " + wd + part, "on " + wd, f"on {MONTHS[d.month - 1]} {d.day}"))
        if d.year == self.pub.year:
            return rng.choice(
                (
                    f"on {MONTHS[d.month - 1]} {d.day}",
                    f"on {d.day} {MONTHS[d.month - 1]}",
                    f"on {MONTH_ABBR[d.month - 1]} {d.day}",
                )
            )
        return f"on {MONTHS[d.month - 1]} {d.day}, {d.year}"

    def where(self, ev: Event, *, short: bool = False) -> str:
        rng = self.rng
        p = ev.place
        if short:
            return "in " + p.name
        forms = [f"in {p.name}", f"in {p.name}"]
        if p.level == "district":
            forms += [
                f"in {p.name} district",
                f"in Balochistan's {p.name} district",
                f"in the {p.name} district of Balochistan",
            ]
            if ev.locality:
                forms += [
                    f"in the {ev.locality} area of {p.name}",
                    f"in {p.name}'s {ev.locality} area",
                ]
        else:
            forms += [
                f"near {p.name}",
                f"in {p.name}, {p.district} district",
                f"on the outskirts of {p.name}",
            ]
            if ev.locality:
                forms += [f"in the {ev.locality} area near {p.name}"]
        if p.province != "Balochistan":
            forms = [f"in {p.name}", f"in {p.name} in {p.province}"]
        return rng.choice(forms)

    def official_src(self, kind: str = "any") -> str:
        rng = self.rng
        if kind == "military" or (
            self.ev and self.ev.kind == "security_operation" and rng.random() < 0.7
        ):
            return rng.choice(MILITARY_SUBJECTS)
        if rng.random() < 0.2:
            name = rng.choice(FIRST_NAMES)
            return rng.choice(NAMED_OFFICIALS).format(name=name) + " said"
        return rng.choice(OFFICIAL_SUBJECTS)

    def victims(self, n: int, group: str, *, start: bool = False) -> tuple[str, bool]:
        """'four soldiers' (or 'a soldier'): text and whether it is singular."""
        rng = self.rng
        if n == 1:
            noun = rng.choice(SINGULAR_NOUNS[group])
            art = "An" if noun[0] in "AEIOU" else "A"
            art = art if start else art.lower()
            return (
                rng.choice((f"{art} {noun}", f"one {noun}")) if not start else f"{art} {noun}"
            ), True
        num = render_number(rng, n, start=start)
        noun = rng.choice(VICTIM_NOUNS[group])
        text = f"{num} {noun}"
        return (cap(text) if start else text), False

    def dateline(self) -> str:
        rng = self.rng
        p = self.ev.place if self.ev else None
        city = (p.name if p and p.level == "district" and rng.random() < 0.5 else "Quetta").upper()
        if self.p.outlet_kind == "wire":
            tag = WIRE_TAGS.get(self.p.outlet, "AP")
            d = self.pub
            return rng.choice(
                (
                    f"{city}, Pakistan ({tag}) — ",
                    f"{city}, {MONTH_ABBR[d.month - 1]} {d.day} ({tag}) - ",
                    f"{city}, Pakistan, {MONTH_ABBR[d.month - 1]} {d.day} ({tag}) — ",
                )
            )
        if self.p.outlet_kind in ("national", "local") and rng.random() < 0.75:
            return rng.choice(
                (f"{city}: ", f"{city}: ", f"{city}, {MONTHS[self.pub.month - 1]} {self.pub.day}: ")
            )
        return ""

    def trig(self, kind: str | None = None) -> str:
        return self.rng.choice(TRIGGER_NP[kind or self.ev.kind])

    # -- leads ------------------------------------------------------------------
    def lead(self) -> str:
        ev, rng = self.ev, self.rng
        k = ev.kind
        if k == "security_operation":
            return self._lead_operation()
        if k == "abduction":
            return self._lead_abduction()
        if k == "sabotage":
            return self._lead_sabotage()
        if k == "hijacking":
            return self._lead_hijacking()
        if k == "takeover":
            return self._lead_takeover()
        if k == "coordinated_attacks":
            return self._lead_coordinated()
        dead = ev.killed_sf if ev.victims_group in ("security_forces", "police") else ev.killed_civ
        group = ev.victims_group
        when, where, src = self.when(ev.day), self.where(ev), self.official_src()
        tgt = ev.named_target or ev.target_np
        trig = self.trig()
        kind = rng.choice(_LEAD_KINDS)
        if dead == 0:
            kind = "nodead"
        v, sg = self.victims(dead, group, start=kind in ("passive", "passive_when"))
        kp = rng.choice(KILLED_PASSIVE_SG if sg else KILLED_PASSIVE)
        inj = ""
        if ev.injured:
            iv = render_number(rng, ev.injured)
            inj_noun = rng.choice(("others", "others", "more", "people", "others"))
            inj = rng.choice(
                (
                    f" and {iv} {inj_noun} {rng.choice(INJURED_PASSIVE)}",
                    f", while {iv} {inj_noun} {rng.choice(INJURED_PASSIVE)}",
                    f" and {iv} {rng.choice(('injured', 'wounded'))}",
                )
            )
        if kind == "passive":
            return f"{v} {kp}{inj} {where} {when} when {trig} {rng.choice(HIT_VERBS)} {tgt}, {src}."
        if kind == "passive_when":
            return f"{v} {kp}{inj} when {trig} {rng.choice(HIT_VERBS)} {tgt} {where} {when}, {src}."
        if kind == "active":
            inj2 = (
                f" and {rng.choice(INJURED_ACTIVE)} {render_number(rng, ev.injured)} others"
                if ev.injured
                else ""
            )
            return f"{cap(trig)} {rng.choice(HIT_VERBS)} {tgt} {where} {when}, {rng.choice(KILLED_ACTIVE)} {v}{inj2}, {src}."
        if kind == "according":
            src2 = (
                src.replace(" said", "")
                .replace(" told reporters", "")
                .replace(" confirmed", "")
                .replace(" in a statement", "")
            )
            if src2.startswith("according to "):
                src2 = src2[len("according to ") :]
            return f"According to {src2}, {v} {kp}{inj} {where} {when} after {trig} {rng.choice(HIT_VERBS)} {tgt}."
        if kind == "said_that":
            s = src.replace(" said", "", 1) if " said" in src else src
            verb = rng.choice(("said", "said", "confirmed", "told reporters"))
            if s.startswith("according to"):
                s, verb = "the ISPR", "said"
            return f"{cap(s)} {verb} {when} that {v} {kp}{inj} in {trig} {where}."
        if kind == "attackers":
            who = rng.choice(ATTACKERS)
            return f"{cap(who)} {rng.choice(ASSAULT_VERBS)} {tgt} {where} {when}, {rng.choice(KILLED_ACTIVE)} {v}, {src}."
        if kind == "toll":
            return f"The death toll in {trig} {where} {when} stood at {render_number(rng, dead)}, {src}."
        # nodead
        return (
            f"{cap(trig)} {rng.choice(HIT_VERBS)} {tgt} {where} {when}, {src}, adding that no one was hurt."
            if not ev.injured
            else (
                f"{cap(render_number(rng, ev.injured, start=True))} people were injured when {trig} {rng.choice(HIT_VERBS)} {tgt} {where} {when}, {src}."
            )
        )

    def _lead_operation(self) -> str:
        ev, rng = self.ev, self.rng
        n = render_number(rng, ev.killed_ins)
        noun = rng.choice(VICTIM_NOUNS["insurgents"])
        op = self.trig()
        who = rng.choice(
            (
                "Security forces",
                "Troops",
                "The security forces",
                "Personnel of the Frontier Corps",
                "CTD personnel",
            )
        )
        kill = rng.choice(("killed", "killed", "gunned down", "eliminated", "neutralised"))
        src = self.official_src("military")
        forms = (
            f"{who} {kill} {n} {noun} during {op} {self.where(ev)} {self.when(ev.day)}, {src}.",
            f"{cap(n)} {noun} were killed in {op} {self.where(ev)} {self.when(ev.day)}, {src}.",
            f"{cap(src.replace(' said', ''))} said {n} {noun} were killed when {who.lower()} conducted {op} {self.where(ev)} {self.when(ev.day)}."
            if " said" in src
            else f"{who} {kill} {n} {noun} {self.where(ev)} {self.when(ev.day)}, {src}.",
        )
        out = rng.choice(forms)
        if ev.killed_sf:
            v, sg = self.victims(ev.killed_sf, "security_forces", start=True)
            verb = rng.choice(KILLED_PASSIVE_SG if sg else KILLED_PASSIVE)
            out += " " + rng.choice(
                (
                    f"During the exchange of fire, {v[0].lower() + v[1:]} {verb}, the statement added.",
                    f"{v} also {verb} in the exchange of fire.",
                    f"{v} {verb} during the intense exchange of fire, the military's media wing said.",
                )
            )
        return out

    def _lead_abduction(self) -> str:
        ev, rng = self.ev, self.rng
        n = render_number(rng, ev.abducted)
        noun = rng.choice(("passengers", "labourers", "people", "travellers", "workers", "men"))
        who = rng.choice(ATTACKERS)
        verb = rng.choice(("abducted", "kidnapped", "took away", "whisked away"))
        src = self.official_src()
        road = rng.choice(
            (
                "a passenger coach",
                "a bus",
                "vehicles on the highway",
                "a construction site",
                "a van",
            )
        )
        return rng.choice(
            (
                f"{cap(who)} {verb} {n} {noun} from {road} {self.where(ev)} {self.when(ev.day)}, {src}.",
                f"{cap(n)} {noun} were {rng.choice(('abducted', 'kidnapped', 'taken away'))} by {who} {self.where(ev)} {self.when(ev.day)}, {src}.",
                f"{cap(who)} blocked the highway {self.where(ev)} {self.when(ev.day)} and {verb} {n} {noun}, {src}.",
            )
        )

    def _lead_sabotage(self) -> str:
        ev, rng = self.ev, self.rng
        what = f"the track of the {ev.named_target}" if ev.named_target else ev.target_np
        verb = rng.choice(("blew up", "blew up", "set ablaze", "torched", "destroyed sections of"))
        src = self.official_src()
        out = rng.choice(
            (
                f"{cap(rng.choice(ATTACKERS))} {verb} {what} {self.where(ev)} {self.when(ev.day)}, {src}.",
                f"{cap(what)} was blown up {self.where(ev)} {self.when(ev.day)}, {src}.",
                f"Suspected militants {verb} {what} {self.where(ev)} {self.when(ev.day)}, disrupting supplies, {src}.",
            )
        )
        if ev.killed_civ:
            out += " " + rng.choice(
                ("A guard was killed in the blast.", "One person was killed, officials said.")
            )
        return out

    def _lead_hijacking(self) -> str:
        ev, rng = self.ev, self.rng
        train = ev.named_target or "a passenger train"
        n = render_number(rng, ev.hostages)
        return rng.choice(
            (
                f"Militants hijacked the {train} carrying {n} passengers {self.where(ev)} {self.when(ev.day)}, {self.official_src()}.",
                f"Gunmen blew up the railway track and seized the train, the {train}, {self.where(ev)} {self.when(ev.day)}, taking {n} passengers hostage, {self.official_src()}.",
                f"{cap(n)} passengers were taken hostage when militants hijacked the {train} {self.where(ev)} {self.when(ev.day)}, {self.official_src()}.",
            )
        )

    def _lead_takeover(self) -> str:
        ev, rng = self.ev, self.rng
        src = self.official_src()
        out = rng.choice(
            (
                f"Dozens of militants took control of the main bazaar {self.where(ev)} {self.when(ev.day)}, setting fire to {ev.target_np} before withdrawing, {src}.",
                f"Armed men seized control of the town centre {self.where(ev)} for several hours {self.when(ev.day)}, {src}.",
                f"Militants took over {ev.target_np} {self.where(ev)} {self.when(ev.day)} and held it for hours, {src}.",
            )
        )
        if ev.killed_sf:
            v, sg = self.victims(ev.killed_sf, "police", start=True)
            out += f" {v} {rng.choice(KILLED_PASSIVE_SG if sg else KILLED_PASSIVE)} during the takeover."
        return out

    def _lead_coordinated(self) -> str:
        ev, rng = self.ev, self.rng
        dead = ev.killed_sf + ev.killed_civ
        n = render_number(rng, dead)
        src = self.official_src()
        trig = self.trig()
        return rng.choice(
            (
                f"Militants launched {trig} {self.where(ev)} and neighbouring districts {self.when(ev.day)}, killing {n} people, {src}.",
                f"{cap(n)} people were killed in {trig} on security installations {self.where(ev)} {self.when(ev.day)}, {src}.",
                f"{cap(trig)} across Balochistan {self.when(ev.day)} left {n} people dead, including {render_number(rng, ev.killed_sf or 2)} soldiers, {src}.",
            )
        )

    # -- body sentences ------------------------------------------------------------
    def fill(self, template: str) -> str:
        rng = self.rng
        year0 = max(2008, self.pub.year - rng.randint(2, 10))
        tank = rng.choice(THINK_TANKS)
        return template.format(
            hospital=rng.choice(HOSPITALS),
            town=self.ev.place.name if self.ev else "Quetta",
            official=self.official,
            big=rng.choice((400, 780, 900, 1200, 2500, 3000, 5000)),
            med=rng.randint(30, 300),
            med2=rng.randint(30, 300),
            small=rng.randint(2, 9),
            year0=year0,
            tank=tank,
            tank_cap=cap(tank),
            name=rng.choice(FIRST_NAMES),
        )

    def claim_sentence(self) -> str:
        """The insurgents' own account, usually with a bigger figure."""
        ev, rng = self.ev, self.rng
        g = ev.perpetrator
        spokes = rng.choice(SPOKESMEN[g])
        group = _group_name(rng, g)
        n = ev.claimed_sf or max(ev.killed_sf, ev.killed_civ) + rng.randint(1, 8)
        num = render_number(rng, n)
        noun = rng.choice(VICTIM_NOUNS["security_forces"])
        return rng.choice(
            (
                f"{cap(group)} claimed responsibility for the attack, saying its fighters had killed {num} {noun}.",
                f"In a statement sent to the media, {g} spokesman {spokes} claimed that the group's fighters had killed {num} {noun} and destroyed {rng.choice(('two', 'three', 'several'))} vehicles.",
                f"{cap(group)} said in a statement that {num} {noun} were killed in the attack.",
                f"Spokesman {spokes} said the {g} had killed {num} {noun}, a figure that could not be independently verified.",
                f"{cap(group)} claimed the attack on its Telegram channel, putting the toll at {num}.",
                f"The {g} later claimed that {num} {noun} had been killed, far more than the official count.",
            )
        )

    def denial_sentence(self) -> str:
        ev, rng = self.ev, self.rng
        off = ev.killed_sf
        v = render_number(rng, off) if off else "no"
        return rng.choice(
            (
                f"The ISPR rejected the claim as baseless, saying {v} soldiers were martyred.",
                "Officials dismissed the group's figure as propaganda.",
                f"Security officials denied the claim, saying {v} personnel had been killed.",
                "The military did not comment on the claim.",
                f"A military official, speaking on condition of anonymity, put the number of soldiers killed at {v}.",
            )
        )

    def responsibility(self) -> str:
        ev, rng = self.ev, self.rng
        if not ev.perpetrator:
            return rng.choice(
                (
                    "No group has claimed responsibility for the attack so far.",
                    "No one immediately claimed responsibility.",
                    "It was not immediately clear who was behind the attack.",
                    "Police said they were investigating whether separatist militants were involved.",
                )
            )
        group = _group_name(rng, ev.perpetrator)
        return rng.choice(
            (
                f"{cap(group)} claimed responsibility for the attack.",
                f"{cap(group)} later claimed responsibility in a statement.",
                f"Suspicion fell on {group}, which has carried out similar attacks in the area.",
                f"Officials blamed {group} for the attack.",
                f"{cap(group)} claimed the attack, according to a statement circulated on social media.",
            )
        )

    def witness_sentence(self) -> str:
        ev, rng = self.ev, self.rng
        who = rng.choice(WITNESSES)
        dead = max(ev.killed_civ, ev.killed_sf)
        more = dead + rng.randint(1, 6)
        says = (
            "say"
            if who
            in (
                "residents",
                "witnesses",
                "local residents",
                "villagers",
                "tribal elders",
                "relatives of the victims",
            )
            else "said"
        )
        return rng.choice(
            (
                f"{cap(who)} said they had counted {render_number(rng, more)} bodies at the site.",
                f"{cap(who)} told {rng.choice(('Dawn', 'the BBC', 'AFP', 'Reuters', 'reporters'))} that at least {render_number(rng, more)} people had died, more than the official figure.",
                f"{cap(who)} {says} the firing went on for {rng.choice(('nearly an hour', 'several hours', 'about 40 minutes'))}.",
                f"{cap(who)} said the victims were {rng.choice(('labourers', 'passers-by', 'students', 'shopkeepers'))} who had nothing to do with the conflict.",
                f"According to {who}, {render_number(rng, more)} people were killed and many more were missing.",
            )
        )

    def rights_sentence(self) -> str:
        ev, rng = self.ev, self.rng
        name, short = rng.choice(RIGHTS_GROUPS)
        dead = max(ev.killed_civ, ev.killed_sf, ev.abducted)
        n = dead + rng.randint(0, 5)
        return rng.choice(
            (
                f"The {name} ({short}) said that {render_number(rng, n)} civilians had been killed and demanded an independent inquiry.",
                f"In a statement, the {name} put the number of dead at {render_number(rng, n)}.",
                f"The {short} said the victims included women and children and called for accountability.",
                f"The {name} demanded that the government make the findings of the inquiry public.",
                f"Activists of the {short} staged a sit-in outside the press club, saying {render_number(rng, n)} people had been killed.",
            )
        )

    def toll_update(self, first: bool) -> str:
        ev, rng = self.ev, self.rng
        dead = ev.killed_sf + ev.killed_civ
        if first:
            early = max(1, dead - rng.randint(1, max(1, dead // 2)))
            return rng.choice(
                (
                    f"Initial reports said {render_number(rng, early)} people had been killed.",
                    "Officials said the toll could rise as several of the injured were in critical condition.",
                    "The death toll was expected to rise, rescue officials said.",
                    f"Earlier, officials had put the toll at {render_number(rng, early)}.",
                )
            )
        wd = WEEKDAYS[ev.day.weekday()]
        trig = self.trig()
        later = rng.randint(1, 4)
        gap = (self.pub - ev.day).days
        ref = f"{wd}'s" if gap < 7 else f"the {MONTHS[ev.day.month - 1]} {ev.day.day}"
        return rng.choice(
            (
                f"The death toll from {ref} {trig.split(' ', 1)[1]} {self.where(ev, short=True)} rose to {render_number(rng, dead + later)} after {render_number(rng, later)} of the injured succumbed to their wounds, hospital officials said.",
                f"The number of people killed in {ref} attack has risen to {render_number(rng, dead + later)}, officials confirmed.",
                f"A week after {ref} attack, officials confirmed that {render_number(rng, dead + later)} people had been killed.",
            )
        )

    def background_sentence(self, other: Event) -> str:
        """A passing mention of another (earlier) event."""
        rng = self.rng
        d = other.day
        month = f"{MONTHS[d.month - 1]} {d.year}"
        trig = rng.choice(TRIGGER_NP[other.kind]).split(" ", 1)[-1]
        dead = other.killed_sf + other.killed_civ + other.killed_ins or other.abducted
        v = f"{render_number(rng, dead)} people" if dead else "no one"
        verb = (
            "abducted" if other.abducted and not (other.killed_sf + other.killed_civ) else "killed"
        )
        return rng.choice(
            (
                f"The attack was similar to the {month} {trig} in {other.place.name} that {verb} {v}.",
                f"In {month}, {v} were {verb} in {rng.choice(TRIGGER_NP[other.kind])} in {other.place.name}.",
                f"Militants have struck the area before, such as the {month} {trig} in {other.place.name}, which {verb} {v}.",
                f"In a separate incident in {month}, {v} were {verb} in {other.place.name}.",
            )
        )

    # -- articles --------------------------------------------------------------
    def detail_pool(self) -> tuple[str, ...]:
        k = self.ev.kind
        if k in ("bombing", "suicide_bombing", "ied"):
            return DETAIL_SENTENCES["blast"]
        if k == "security_operation":
            return DETAIL_SENTENCES["operation"]
        if k in ("abduction",):
            return DETAIL_SENTENCES["abduction"]
        if k == "hijacking" or self.ev.target == "rail":
            return DETAIL_SENTENCES["rail"]
        if k == "sabotage":
            return DETAIL_SENTENCES["sabotage"]
        return DETAIL_SENTENCES["assault"]

    def paragraphs(self) -> list[list[str]]:
        style, rng, ev = self.p.style, self.rng, self.ev
        if style == "analysis":
            return self._analysis()
        operation = ev.kind == "security_operation"
        paras: list[list[str]] = [[self.dateline() + self.lead()]]
        second: list[str] = []
        if style == "insurgent_claim" and ev.perpetrator and not operation:
            second += [self.claim_sentence(), self.denial_sentence()]
        elif style == "revision" and not operation:
            second.append(self.toll_update(first=False))
        elif style == "first_report" and not operation:
            second.append(self.toll_update(first=True))
        elif style == "rights_witness":
            second += [self.witness_sentence(), self.rights_sentence()]
        if not operation and (rng.random() < 0.6 or not second):
            second.append(self.responsibility())
        rng.shuffle(second)
        if second:
            paras.append(second)
        details = self.detail_pool()
        paras.append(
            [self.fill(s) for s in rng.sample(details, min(len(details), rng.randint(1, 3)))]
        )
        if not operation:
            body = [self.fill(s) for s in rng.sample(RESPONSE_SENTENCES, rng.randint(1, 3))]
            if style in ("local_press", "official"):
                body.append(self.fill(rng.choice(RESPONSE_SENTENCES)))
            paras.append(body)
        if rng.random() < 0.45:
            paras.append([self.fill(rng.choice(QUOTES))])
        if ev.perpetrator and not operation and style != "insurgent_claim" and rng.random() < 0.3:
            paras.append([self.claim_sentence()])
        if rng.random() < 0.5:
            paras.append([self.fill(rng.choice(CONDEMNATION_SENTENCES))])
        if style in ("wire", "rights_witness") or rng.random() < 0.85:
            ctx = [self.fill(s) for s in rng.sample(CONTEXT_SENTENCES, rng.randint(3, 7))]
            if rng.random() < 0.4:
                ctx.insert(rng.randint(0, len(ctx)), self.fill(rng.choice(AGGREGATE_SENTENCES)))
            for i in range(0, len(ctx), 3):
                paras.append(ctx[i : i + 3])
        for other in self.p.background:
            paras.append([self.background_sentence(other)])
        if rng.random() < 0.3 and not operation:
            paras.append([self.witness_sentence()])
        if rng.random() < 0.3:
            paras.append([self.fill(rng.choice(QUOTES))])
        if rng.random() < 0.2:  # a longer piece: more background and comment
            extra = [self.fill(s) for s in rng.sample(ANALYSIS_BODY, rng.randint(3, 8))]
            extra.insert(rng.randint(0, len(extra)), self.fill(rng.choice(QUOTES)))
            for i in range(0, len(extra), 3):
                paras.append(extra[i : i + 3])
        return paras

    def _analysis(self) -> list[list[str]]:
        rng = self.rng
        paras = [
            [self.fill(rng.choice(ANALYSIS_OPENERS)), self.fill(rng.choice(AGGREGATE_SENTENCES))]
        ]
        body = [self.fill(s) for s in rng.sample(ANALYSIS_BODY, rng.randint(5, 10))]
        body += [self.fill(s) for s in rng.sample(CONTEXT_SENTENCES, rng.randint(2, 5))]
        body.append(self.fill(rng.choice(QUOTES)))
        aggs = [self.fill(s) for s in rng.sample(AGGREGATE_SENTENCES, rng.randint(1, 3))]
        mixed = body + aggs
        rng.shuffle(mixed)
        for i in range(0, len(mixed), 3):
            paras.append(mixed[i : i + 3])
        for other in self.p.background:
            paras.insert(rng.randint(1, len(paras)), [self.background_sentence(other)])
        paras.append([self.fill(rng.choice(CONTEXT_SENTENCES))])
        return paras

    def title(self) -> str:
        ev, rng = self.ev, self.rng
        if self.p.style == "analysis":
            return rng.choice(TITLE_TEMPLATES["analysis"])
        if self.p.style == "insurgent_claim" and ev.perpetrator:
            pool = TITLE_TEMPLATES["claim"]
        elif ev.kind in TITLE_TEMPLATES:
            pool = TITLE_TEMPLATES[ev.kind]
        else:
            pool = TITLE_TEMPLATES["general"]
        dead = ev.killed_sf + ev.killed_civ + ev.killed_ins or ev.abducted or 2
        short = rng.choice(TRIGGER_NP[ev.kind]).split(" ", 1)[-1]
        what = ev.named_target or ev.target_np.split(" ", 1)[-1]
        victims = rng.choice(
            VICTIM_NOUNS[ev.victims_group if ev.victims_group in VICTIM_NOUNS else "civilians"]
        )
        return rng.choice(pool).format(
            n=dead,
            N_cap=cap(number_words(dead)) if dead < 100 else str(dead),
            m=ev.injured or 3,
            place=ev.place.name,
            trig_short=short,
            Trig_short_cap=cap(short),
            victims=victims,
            group=ev.perpetrator or "Militant group",
            what=what,
            What_cap=cap(what),
        )

    def text(self) -> tuple[str, str]:
        """(file suffix, file text)."""
        rng = self.rng
        paras = self.paragraphs()
        sep = "\n\n" if rng.random() < 0.6 else "\n"
        body = sep.join(" ".join(p) for p in paras if p)
        if rng.random() < 0.12:  # page furniture and related links, for the cleaner
            lines = body.split("\n")
            lines.insert(rng.randint(1, len(lines)), rng.choice(FURNITURE_LINES))
            body = "\n".join(lines)
            if rng.random() < 0.5:
                body += "\n\nRelated\n" + "\n".join(rng.sample(RELATED_HEADLINES, 3))
        title = self.title()
        d = self.pub
        fmt = rng.random()
        if fmt < 0.03:
            return ".html", self._html(title, body)
        if fmt < 0.09:
            return ".md", (
                f'---\ntitle: "{title}"\ndate: {d.isoformat()}\noutlet: {self.p.outlet}\n---\n\n# {title}\n\n{body}\n'
            )
        date_text = rng.choice(
            (
                d.isoformat(),
                d.isoformat(),
                f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
                f"{d.day} {MONTH_ABBR[d.month - 1]} {d.year}",
                f"{d.isoformat()}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z",
            )
        )
        head_kind = rng.random()
        if head_kind < 0.55:
            head = f"title: {title}\ndate: {date_text}\n"
            if rng.random() < 0.8:
                head += f"outlet: {self.p.outlet}\n"
            if rng.random() < 0.3:
                head += f"url: https://example.org/{d.year}/{d.month:02d}/{self.p.index}\n"
            text = head + "\n" + body + "\n"
        elif head_kind < 0.8:
            byline = " and ".join(rng.sample(BYLINE_NAMES, rng.randint(1, 2)))
            text = f"{title}\nPublished {date_text}\n{self.p.outlet}\nBy {byline}\n\n{body}\n"
            text = f"date: {d.isoformat()}\n" + text
        elif head_kind < 0.97:
            text = f"date {d.isoformat()} {title}\n\n{body}\n"
        else:  # no metadata at all: the dates stay unknown unless the text states them
            text = f"{title}\n\n{body}\n"
        return ".txt", text

    def _html(self, title: str, body: str) -> str:
        paras = "\n".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
        return (
            f"<!DOCTYPE html>\n<html><head><title>{title}</title>\n"
            f'<meta property="article:published_time" content="{self.pub.isoformat()}T08:00:00Z">\n'
            f'<meta property="og:site_name" content="{self.p.outlet}">\n'
            "<script>var ad = 1;</script></head>\n<body><nav>Home | Pakistan | Balochistan</nav>\n"
            f"<article><h1>{title}</h1>\n{paras}\n</article>\n<footer>All rights reserved</footer></body></html>\n"
        )


_LEAD_KINDS = (
    "passive",
    "passive_when",
    "active",
    "according",
    "said_that",
    "attackers",
    "toll",
    "passive",
    "active",
)


# --------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------

_STYLE_WEIGHTS = {
    0: (
        ("official", 3),
        ("wire", 3),
        ("first_report", 3),
        ("local_press", 4),
        ("insurgent_claim", 1),
    ),
    1: (
        ("official", 2),
        ("wire", 2),
        ("revision", 3),
        ("local_press", 2),
        ("insurgent_claim", 3),
        ("rights_witness", 2),
    ),
}
_OUTLET_FOR_STYLE = {
    "wire": ("wire",),
    "local_press": ("local",),
    "official": ("national", "local"),
    "first_report": ("national", "local", "wire"),
    "revision": ("national", "international"),
    "insurgent_claim": ("local", "national", "international"),
    "rights_witness": ("international", "national", "local"),
    "analysis": ("international", "national"),
}


def _slug(s: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in s.lower()).strip("-").replace("--", "-")


def plan_corpus(
    n: int, seed: int = 0, reference_dir: str | Path = paths.REFERENCE_DIR
) -> tuple[list[Plan], list[Event]]:
    """The plan of every article and event: styles, outlets, dates, who reports what."""
    ref = load_reference(str(reference_dir))
    rng = random.Random(f"corpus:{seed}")
    n_analysis = max(0, round(n * 0.07)) if n >= 10 else 0
    events = plan_events(rng, n - n_analysis, ref)
    plans: list[Plan] = []
    for ev in events:
        outlets = list(OUTLETS)
        rng.shuffle(outlets)
        used: set[str] = set()
        for k in range(len(ev.articles)):
            if ev.kind == "security_operation":
                style = _weighted(
                    rng, (("official", 5), ("wire", 1), ("local_press", 2), ("insurgent_claim", 1))
                )
            else:
                style = _weighted(rng, _STYLE_WEIGHTS[min(k, 1)])
            if style in ("insurgent_claim",) and not ev.perpetrator:
                style = "official"
            if style == "revision" and not (ev.killed_civ + ev.killed_sf):
                style = "wire"
            kinds = _OUTLET_FOR_STYLE[style]
            name, okind = next(
                ((o, kd) for o, kd in outlets if kd in kinds and o not in used),
                next((o, kd) for o, kd in outlets if o not in used)
                if len(used) < len(outlets)
                else outlets[0],
            )
            used.add(name)
            delay = (
                k + (0 if k == 0 else rng.randint(0, 4 * k))
                if style != "revision"
                else rng.randint(2, 9)
            )
            delay = min(delay, 30) if rng.random() < 0.9 else rng.randint(8, 45)
            plans.append(Plan(0, style, ev, k, ev.day + timedelta(days=delay), name, okind))
    by_day = sorted(events, key=lambda e: (e.day, e.event_id))
    for _ in range(n_analysis):
        pub = FIRST_DAY + timedelta(
            days=365 + int(((LAST_DAY - FIRST_DAY).days - 365) * rng.random())
        )
        outlet = rng.choice([o for o in OUTLETS if o[1] in ("international", "national")])
        plans.append(Plan(0, "analysis", None, 0, pub, outlet[0], outlet[1]))
    # Articles appear in publication order, not grouped by event.
    rng.shuffle(plans)
    for i, p in enumerate(plans):
        p.index = i
    # Passing mentions of earlier events (background), chosen among events before publication.
    days = [e.day for e in by_day]
    import bisect

    for p in plans:
        want = rng.randint(1, 3) if p.style == "analysis" else rng.choice((0, 0, 0, 1, 1, 2))
        hi = bisect.bisect_left(days, p.published - timedelta(days=20))
        if hi == 0:
            continue
        for _ in range(want):
            other = by_day[rng.randrange(max(0, hi - 3000), hi)]
            if other is not p.event and other not in p.background:
                p.background.append(other)
    return plans, events


def generate_corpus(
    n: int,
    out_dir: str | Path,
    seed: int = 0,
    *,
    reference_dir: str | Path = paths.REFERENCE_DIR,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Write ``n`` articles and the ground truth into ``out_dir``; returns a summary."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    truth = out / TRUTH_DIR
    truth.mkdir(exist_ok=True)
    plans, events = plan_corpus(n, seed, reference_dir)
    seen: set[bytes] = set()
    total_bytes = 0
    styles: Counter = Counter()
    with open(truth / "articles.jsonl", "w", encoding="utf-8", newline="\n") as art_fh:
        for p in plans:
            w = Writer(p, seed)
            suffix, text = w.text()
            data = text.encode("utf-8")
            salt = 0
            while data in seen:  # same bytes would be skipped by a build as a duplicate
                salt += 1
                data = (text.rstrip("\n") + f"\n\n({p.outlet} report {salt})\n").encode("utf-8")
            seen.add(data)
            name = f"{p.index:06d}-{_slug(p.outlet)}{suffix}"
            p.file = name
            (out / name).write_bytes(data)
            total_bytes += len(data)
            styles[p.style] += 1
            if p.event is not None:
                p.event.articles[p.report_no] = name
            for other in p.background:
                other.mentioned_in.append(name)
            art_fh.write(
                json.dumps(
                    {
                        "file": name,
                        "style": p.style,
                        "outlet": p.outlet,
                        "published": p.published.isoformat(),
                        "event_id": p.event.event_id if p.event else None,
                        "background": [o.event_id for o in p.background],
                    },
                    sort_keys=True,
                )
                + "\n"
            )
            if progress:
                progress(p.index + 1, len(plans))
    with open(truth / "events.jsonl", "w", encoding="utf-8", newline="\n") as ev_fh:
        for ev in events:
            ev_fh.write(json.dumps(ev.truth(), sort_keys=True) + "\n")
    summary = {
        "n_articles": len(plans),
        "n_events": len(events),
        "bytes": total_bytes,
        "styles": dict(sorted(styles.items())),
        "seed": seed,
    }
    (truth / "summary.json").write_text(
        json.dumps(summary, indent=2, sort_keys=True) + "\n", "utf-8"
    )
    return summary


def read_truth(corpus_dir: str | Path) -> tuple[list[dict], list[dict]]:
    """The ground truth written by :func:`generate_corpus`: (events, articles)."""
    truth = Path(corpus_dir) / TRUTH_DIR

    def lines(name):
        with open(truth / name, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]

    return lines("events.jsonl"), lines("articles.jsonl")


def _pairs(counts) -> int:
    return sum(c * (c - 1) // 2 for c in counts)


def resolution_quality(tables, corpus_dir: str | Path) -> dict:
    """Pairwise precision and recall of incidents against the ground truth.

    Each article that reports an event is assigned the incident of its first
    main mention. A pair of such articles is *predicted* together when they
    share that incident and *truly* together when they report the same event.
    Counting runs on contingency tables, so 100,000 articles cost nothing.
    """
    _, arts = read_truth(corpus_dir)
    gold = {a["file"]: a["event_id"] for a in arts if a["event_id"]}
    files = dict(zip(tables.articles["article_id"], tables.articles["file"], strict=True))
    m = tables.mentions
    main = m[m["role"] == "main"].sort_values(["article_id", "char_start"])
    first = main.drop_duplicates("article_id")
    pred = {files[a]: i for a, i in zip(first["article_id"], first["incident_id"], strict=True)}
    both = [(gold[f], pred.get(f, f"none:{f}")) for f in sorted(gold)]
    tp = _pairs(Counter(both).values())
    pred_pairs = _pairs(Counter(p for _, p in both).values())
    gold_pairs = _pairs(Counter(g for g, _ in both).values())
    found = sum(1 for f in gold if f in pred)
    return {
        "articles_with_event": len(gold),
        "articles_with_main_incident": found,
        "gold_pairs": gold_pairs,
        "predicted_pairs": pred_pairs,
        "pairwise_precision": round(tp / pred_pairs, 4) if pred_pairs else 1.0,
        "pairwise_recall": round(tp / gold_pairs, 4) if gold_pairs else 1.0,
    }
