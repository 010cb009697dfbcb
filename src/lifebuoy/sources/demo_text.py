"""Word lists and text templates of the demo book of business.

Neutral texts never name a competitor or an "evaluating alternatives"-style
phrase, so that only the accounts meant to show that signal show it.
"""

from __future__ import annotations

NAME_FIRST: tuple[str, ...] = (
    "Northwind",
    "Bluefin",
    "Cedar",
    "Summit",
    "Harbor",
    "Ironwood",
    "Lumen",
    "Maple",
    "Nimbus",
    "Oakridge",
    "Pioneer",
    "Quartz",
    "Redstone",
    "Silverline",
    "Tidewater",
    "Umber",
    "Vantage",
    "Willow",
    "Yellowstone",
    "Zephyr",
    "Aurora",
    "Beacon",
    "Copper",
    "Driftwood",
    "Evergreen",
    "Falcon",
    "Granite",
    "Highland",
    "Juniper",
    "Keystone",
    "Lighthouse",
    "Meridian",
    "Northstar",
    "Orchard",
    "Pinecrest",
    "Riverbend",
    "Sequoia",
    "Trailhead",
    "Upland",
    "Verdant",
    "Westbrook",
    "Alder",
    "Brightwater",
    "Crescent",
    "Delta",
    "Emberly",
    "Foxglove",
    "Goldleaf",
    "Hawthorne",
    "Indigo",
    "Jasper",
    "Kestrel",
    "Larkspur",
    "Mistral",
    "Nova",
    "Obsidian",
    "Pacifica",
    "Quill",
    "Rosewood",
    "Saffron",
    "Tamarack",
    "Ultramar",
    "Vireo",
    "Wavecrest",
    "Arbor",
    "Basalt",
)

NAME_SECOND: tuple[str, ...] = (
    "Logistics",
    "Health",
    "Analytics",
    "Robotics",
    "Foods",
    "Energy",
    "Systems",
    "Software",
    "Labs",
    "Capital",
    "Media",
    "Retail",
    "Freight",
    "Biotech",
    "Dynamics",
    "Networks",
    "Outfitters",
    "Insurance",
    "Clinics",
    "Learning",
    "Payments",
    "Security",
    "Hospitality",
    "Manufacturing",
    "Pharma",
    "Mobility",
    "Telecom",
    "Studios",
    "Brewing",
    "Construction",
    "Marine",
    "Aerospace",
    "Holdings",
    "Partners",
    "Technologies",
    "Water",
)

NAME_PARTNER: tuple[str, ...] = (
    "Pine",
    "Stone",
    "Bell",
    "Finch",
    "Reed",
    "Hale",
    "Marsh",
    "Crane",
    "Wolfe",
    "Sons",
    "Daughters",
    "Co.",
)

NAME_SUFFIX: tuple[str, ...] = ("Inc.", "Group", "GmbH", "Ltd", "LLC", "Co.")

TOP_LEVEL: dict[str, tuple[str, ...]] = {
    "NA": ("com", "com", "io", "co"),
    "EMEA": ("com", "eu", "de", "co.uk", "fr", "io"),
    "APAC": ("com", "com.au", "sg", "io"),
    "LATAM": ("com", "com.br", "mx", "co"),
}

CSMS: tuple[str, ...] = (
    "Dana Ruiz",
    "Sam Patel",
    "Priya Nair",
    "Marcus Chen",
    "Elena Rossi",
    "Tom Becker",
    "Aisha Okafor",
    "Lucas Moreau",
)

OWNERS: tuple[str, ...] = (
    "Jordan Blake",
    "Mei Tanaka",
    "Carlos Mendes",
    "Hannah Weiss",
    "Omar Haddad",
    "Grace Kim",
)

SUPPORT_TEAM: tuple[str, ...] = (
    "Riley Chen",
    "Noah Fischer",
    "Ava Johansson",
    "Mateo Silva",
    "Zoe Laurent",
)

FIRST_NAMES: tuple[str, ...] = (
    "Alex",
    "Bea",
    "Chris",
    "Diego",
    "Emma",
    "Farah",
    "Gabe",
    "Hana",
    "Ivan",
    "Julia",
    "Kofi",
    "Lena",
    "Miguel",
    "Nina",
    "Oscar",
    "Paula",
    "Quinn",
    "Rosa",
    "Sven",
    "Tara",
    "Umar",
    "Vera",
    "Wes",
    "Xiu",
    "Yara",
    "Zane",
    "Ines",
    "Kenji",
    "Leila",
    "Marta",
    "Nils",
    "Olivia",
    "Pedro",
    "Sofia",
)

LAST_NAMES: tuple[str, ...] = (
    "Anders",
    "Brooks",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fontaine",
    "Garcia",
    "Hoffmann",
    "Iyer",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreno",
    "Novak",
    "O'Brien",
    "Petrov",
    "Quinlan",
    "Ramirez",
    "Schmidt",
    "Takahashi",
    "Usman",
    "Varga",
    "Whitaker",
    "Yilmaz",
    "Zhang",
    "Mbeki",
    "Nakamura",
)

TICKET_TOPICS: tuple[tuple[str, str], ...] = (
    (
        "How do I export a report to CSV?",
        "We need the monthly report as CSV for finance. Where is the export button?",
    ),
    (
        "SSO login loop",
        "Some users get sent back to the login page after signing in with SSO.",
    ),
    ("Add seats to our plan", "Please add five seats for the new team."),
    (
        "Dashboard loads slowly",
        "The main dashboard takes about 20 seconds to load in the mornings.",
    ),
    ("Webhook retries", "Are failed webhooks retried, and how often?"),
    ("Invoice address change", "Please update the billing address on future invoices."),
    ("API rate limit question", "What is the rate limit for the bulk endpoint?"),
    ("User cannot reset password", "One of our admins never receives the reset email."),
    (
        "Custom field missing in sync",
        "A custom field from our CRM does not show up after the nightly sync.",
    ),
    (
        "Timezone on scheduled reports",
        "Scheduled reports arrive an hour late since the clock change.",
    ),
    (
        "Permissions for contractors",
        "Can we give contractors read-only access to one workspace?",
    ),
    ("Data retention settings", "Where do we configure how long raw events are kept?"),
)

TICKET_TAGS: tuple[str, ...] = (
    "how-to",
    "sso",
    "billing",
    "performance",
    "api",
    "integration",
    "reports",
    "permissions",
    "bug",
)

ESCALATION_TOPICS: tuple[tuple[str, str], ...] = (
    (
        "Production outage: sync jobs failing",
        "All sync jobs have failed since "
        "this morning. Our operations team is blocked. Please treat as urgent.",
    ),
    (
        "Data missing after migration",
        "Half of last quarter's records are "
        "missing after the migration. Leadership is asking for an update daily.",
    ),
    (
        "Repeated downtime this week",
        "This is the third outage this week. We "
        "need a root cause and a plan from your side.",
    ),
)

SPIKE_TOPICS: tuple[tuple[str, str], ...] = (
    (
        "Sync errors after latest release",
        "Since the latest release the sync reports errors for several objects.",
    ),
    (
        "Reports show wrong totals",
        "Totals in the revenue report do not match our source data again.",
    ),
    (
        "Integration disconnected",
        "The integration disconnected itself again and had to be reauthorised.",
    ),
)

ALTERNATIVE_TEXTS: tuple[str, ...] = (
    "Their VP mentioned they are evaluating alternatives before the renewal.",
    "Procurement sent an RFP to three vendors, including Gainsight.",
    "They had a demo from ChurnZero last week and asked about our roadmap.",
    "Champion says leadership is considering switching to Totango to save cost.",
    "They are comparing vendors and asked for a cheaper option for next year.",
    "Planhat offered them a discount; they are looking at alternatives.",
)

NPS_PROMOTER: tuple[str, ...] = (
    "Great product and a responsive team.",
    "Saves us hours every week.",
    "Our CSM is excellent.",
    "",
)

NPS_PASSIVE: tuple[str, ...] = (
    "Good overall, reporting could be better.",
    "Works well, onboarding took a while.",
    "",
)

NPS_DETRACTOR: tuple[str, ...] = (
    "Too many bugs lately and support is slow.",
    "Hard to use for our non-technical staff.",
    "Price went up but we see no new value.",
    "Reports are unreliable; we stopped trusting the numbers.",
)

MEETING_SUBJECTS: tuple[str, ...] = (
    "Weekly sync",
    "Onboarding session",
    "Roadmap preview",
    "Workflow review",
    "Admin training",
)

EXEC_SUBJECTS: tuple[str, ...] = (
    "Executive business review",
    "QBR",
    "Strategy check-in with VP",
    "Annual planning with leadership",
)

EMAIL_OUT_SUBJECTS: tuple[str, ...] = (
    "Following up on our last call",
    "Renewal timeline",
    "New features this quarter",
    "Checking in on adoption",
    "Scheduling the next QBR",
)

CHAT_NEUTRAL: tuple[str, ...] = (
    "{name} just finished onboarding their second team.",
    "Good call with {name} today, they want to expand to more users.",
    "{name} asked for the new reporting beta.",
    "Sent the QBR deck to {name}.",
    "{name} renewal paperwork is with their legal team.",
    "Anyone have a contact in finance at {name}?",
)

CHAT_RISK: tuple[str, ...] = (
    "{name} usage has dropped a lot this month, can someone take a look?",
    "{name} escalated again about the sync errors.",
    "Billing says {name} has an unpaid invoice.",
)

CHAT_GENERAL: tuple[str, ...] = (
    "Reminder: QBR template was updated, please use the new one.",
    "Renewal forecast review on Thursday.",
    "New help-center articles are live.",
)

CHAT_REPLIES: tuple[str, ...] = (
    "Thanks, noted.",
    "On it.",
    "I'll follow up with them tomorrow.",
    "Added to the account plan.",
)

CITIES: tuple[str, ...] = (
    "Austin",
    "Boston",
    "Denver",
    "Seattle",
    "Toronto",
    "Chicago",
    "Atlanta",
    "London",
    "Berlin",
    "Paris",
    "Madrid",
    "Milan",
    "Dublin",
    "Zurich",
    "Amsterdam",
    "Stockholm",
    "Warsaw",
    "Lisbon",
    "Sydney",
    "Singapore",
    "Tokyo",
    "Seoul",
    "Mumbai",
    "Auckland",
    "Sao Paulo",
    "Mexico City",
    "Bogota",
    "Santiago",
    "Lima",
    "Buenos Aires",
)
