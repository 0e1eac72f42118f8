"""Every list and fact the course teaches, as immutable, typed data with its source.

The facts, figures, list items and names come from Robert W. Lucas's articles on
customer service (see :data:`ARTICLES`) and from the research and data the notebooks
cite (see :data:`STUDIES`). Every sentence here is written in the course's own words.

Facts that are easy to state wrongly are kept here with their condition attached, and
``tests/test_corrected_facts.py`` checks that the notebooks state them the same way:
the '4 %' complaint figure (:data:`COMPLAINT_FACT`), Mehrabian's 7-38-55
(:data:`MEHRABIAN_CAVEAT`), the 5-to-10-minute wait (:data:`TIME_NORMS`), the 2017
eCommerce forecast against what was recorded (:data:`ECOMMERCE_2017_ACTUAL`), the limits
of the recovery paradox (:data:`RECOVERY_PARADOX_LIMITS`) and the course's one rule on
policy (:data:`OPENNESS_RULE`).
Widgets and notebooks read from this module; nothing here draws or prints.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# --------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: one of the articles, or a research study."""

    key: str
    title: str
    kind: Literal["article", "study", "book", "data"]
    author: str = "Robert W. Lucas"
    year: int | None = None
    detail: str = ""

    def citation(self) -> str:
        """A one-line citation for a sources cell."""
        detail = f" {self.detail}." if self.detail else ""
        if self.kind == "article":
            return f"{self.author}, *{self.title}* (article).{detail}"
        year = f" ({self.year})" if self.year else ""
        return f"{self.author}{year}. *{self.title}*.{detail}"


def _article(key: str, title: str) -> Source:
    return Source(key=key, title=title, kind="article")


#: The articles the course is built on, by short key. Long titles are shortened.
ARTICLES: dict[str, Source] = {
    s.key: s
    for s in (
        _article("global_relationships", "Building Positive Customer Relationships in a Global World"),
        _article("consumer_values", "Changing Consumer Values Are Impacting Customer Service"),
        _article("perceptions", "Customer Perceptions Have An Impact On Customer Relations"),
        _article("partnering", "Partner With Customers"),
        _article("nonverbal", "Evaluating Your Nonverbal Communication When Dealing With Customers"),
        _article("four_tips", "Four Tips for Delivering Exceptional Customer Service"),
        _article("dissatisfied_cost", "The Cost of Dissatisfied Customers"),
        _article("time", "Impact of Time on Customer Service"),
        _article("technology", "The Impact of Technology on Customer Service"),
        _article("loyalty_strategies", "Three Simple Strategies To Encourage Customer and Brand Loyalty"),
        _article("positive", "POSITIVE Global Customer Service Model"),
        _article("waitress", "Happy Waitress Even Happier After Receiving Astounding Tip"),
        _article("ecommerce", "Why Internet Sales Revenue Continues to Climb"),
        _article("recovery", "Service Recovery Strategies: Rebuilding customer relationships after breakdowns"),
        _article("communication", "Strengthening Customer Communication"),
    )
}

#: Books the articles draw on.
BOOKS: dict[str, Source] = {
    "skills_for_success": Source("skills_for_success", "Customer Service Skills for Success", "book"),
    "please_every_customer": Source(
        "please_every_customer",
        "Please Every Customer: Delivering Stellar Customer Service Across Cultures",
        "book",
        year=2011,
        detail="McGraw-Hill Professional",
    ),
}

#: Research and data the course cites beside the articles, by short key (author and year).
#: Every study named in a notebook is listed here and shown in that notebook's sources cell
#: (see :data:`NOTEBOOK_SOURCES`); ``tests/test_corrected_facts.py`` checks both directions.
STUDIES: dict[str, Source] = {
    s.key: s
    for s in (
        Source("reichheld_sasser", "Zero Defections: Quality Comes to Services", "study",
               author="Reichheld, F. F., & Sasser, W. E.", year=1990,
               detail="Harvard Business Review, 68(5), 105-111. Case figures from particular firms, not a law"),
        Source("gupta_lehmann", "Customers as Assets", "study", author="Gupta, S., & Lehmann, D. R.", year=2003,
               detail="Journal of Interactive Marketing, 17(1), 9-24"),
        Source("reichheld_2003", "The One Number You Need to Grow", "study", author="Reichheld, F. F.", year=2003,
               detail="Harvard Business Review, 81(12), 46-54. Introduced the Net Promoter Score"),
        Source("keiningham", "A Longitudinal Examination of Net Promoter and Firm Revenue Growth", "study",
               author="Keiningham, T. L., Cooil, B., Andreassen, T. W., & Aksoy, L.", year=2007,
               detail="Journal of Marketing, 71(3), 39-51. NPS predicted growth no better than a satisfaction index"),
        Source("harzing", "Response Styles in Cross-National Survey Research: A 26-Country Study", "study",
               author="Harzing, A.-W.", year=2006,
               detail="International Journal of Cross Cultural Management, 6(2), 243-266. Countries differ in how "
                      "often respondents pick the ends of a rating scale"),
        Source("tarp", "Consumer Complaint Handling in America: Final Report", "study", author="TARP", year=1979,
               detail="Technical Assistance Research Programs, for the U.S. Office of Consumer Affairs. "
                      "Not the source of the '4 %' slogan, which came later (see Peters 1987 and Goodman)"),
        Source("peters", "Thriving on Chaos: Handbook for a Management Revolution", "study",
               author="Peters, T.", year=1987,
               detail="Knopf. Popularised TARP's findings as '26 of 27 unhappy customers never complain'"),
        Source("goodman", "Strategic Customer Service", "study", author="Goodman, J. A. (TARP)", year=2009,
               detail="AMACOM. Explains that the often-quoted 96 % concerned small problems never reported to "
                      "head office, while about half of unhappy customers do complain to front-line staff"),
        Source("bitner_booms_tetreault", "The Service Encounter: Diagnosing Favorable and Unfavorable Incidents",
               "study", author="Bitner, M. J., Booms, B. H., & Tetreault, M. S.", year=1990,
               detail="Journal of Marketing, 54(1), 71-84. Names the 'double deviation': a failed response to a failure"),
        Source("maxham_netemeyer", "A Longitudinal Study of Complaining Customers' Evaluations of Multiple Service "
               "Failures and Recovery Efforts", "study", author="Maxham, J. G., & Netemeyer, R. G.", year=2002,
               detail="Journal of Marketing, 66(4), 57-71. A second failure erodes the goodwill a good recovery won"),
        Source("de_matos", "Service Recovery Paradox: A Meta-Analysis", "study",
               author="de Matos, C. A., Henrique, J. L., & Rossi, C. A. V.", year=2007,
               detail="Journal of Service Research, 10(1), 60-77"),
        Source("mehrabian", "Silent Messages", "study", author="Mehrabian, A.", year=1971,
               detail="Wadsworth. Summarises Mehrabian & Wiener (1967) and Mehrabian & Ferris (1967): single words "
                      "about feelings and attitudes, spoken in a tone that conflicted with them"),
        Source("depaulo", "Cues to Deception", "study", author="DePaulo, B. M., et al.", year=2003,
               detail="Psychological Bulletin, 129(1), 74-118"),
        Source("bond_depaulo", "Accuracy of Deception Judgments", "study", author="Bond, C. F., & DePaulo, B. M.",
               year=2006, detail="Personality and Social Psychology Review, 10(3), 214-234"),
        Source("gdrt", "A World of Lies", "study", author="Global Deception Research Team", year=2006,
               detail="Journal of Cross-Cultural Psychology, 37(1), 60-74"),
        Source("dunning", "Flawed Self-Assessment", "study", author="Dunning, D., Heath, C., & Suls, J. M.", year=2004,
               detail="Psychological Science in the Public Interest, 5(3), 69-106"),
        Source("tartter", "Happy Talk: Perceptual and Acoustic Effects of Smiling on Speech", "study",
               author="Tartter, V. C.", year=1980, detail="Perception & Psychophysics, 27(1), 24-27"),
        Source("hall_1976", "Beyond Culture", "study", author="Hall, E. T.", year=1976,
               detail="Anchor Press/Doubleday. High-context and low-context communication"),
        Source("hall", "The Dance of Life: The Other Dimension of Time", "study", author="Hall, E. T.", year=1983,
               detail="Anchor Press/Doubleday. Monochronic and polychronic time"),
        Source("hofstede", "Culture's Consequences: International Differences in Work-Related Values", "study",
               author="Hofstede, G.", year=1980, detail="Sage"),
        Source("emarketer", "US Retail Ecommerce Forecast", "data", author="eMarketer", year=2013,
               detail="April 2013; the 2017 figure was a forecast"),
        Source("census", "Quarterly Retail E-Commerce Sales, 4th Quarter 2017", "data",
               author="U.S. Census Bureau, U.S. Department of Commerce", year=2018,
               detail="Released February 2018: 453.5 billion USD of U.S. retail e-commerce in 2017, 16.0 % more "
                      "than in 2016"),
    )
}

#: What each notebook's sources cell lists, in order: article, book and study keys.
NOTEBOOK_SOURCES: dict[str, tuple[str, ...]] = {
    "00": ("skills_for_success", "please_every_customer"),
    "01": ("loyalty_strategies", "perceptions", "skills_for_success"),
    "02": ("global_relationships", "consumer_values", "please_every_customer", "skills_for_success",
           "hall_1976", "hall", "hofstede"),
    "03": ("time", "please_every_customer", "hall", "hofstede"),
    "04": ("nonverbal", "please_every_customer", "mehrabian", "depaulo", "bond_depaulo", "gdrt", "dunning",
           "tartter"),
    "05": ("positive", "please_every_customer"),
    "06": ("partnering", "loyalty_strategies", "four_tips", "consumer_values", "skills_for_success",
           "gupta_lehmann", "reichheld_sasser"),
    "07": ("technology", "ecommerce", "loyalty_strategies", "emarketer", "census", "reichheld_2003", "keiningham",
           "harzing"),
    "08": ("recovery", "dissatisfied_cost", "perceptions", "positive", "reichheld_sasser", "gupta_lehmann",
           "tarp", "peters", "goodman", "bitner_booms_tetreault", "maxham_netemeyer", "de_matos"),
    "09": ("communication", "waitress", "recovery"),
    "10": ("global_relationships", "time", "nonverbal", "positive", "loyalty_strategies", "recovery",
           "communication", "four_tips", "hall", "hofstede"),
}

def source(key: str) -> Source:
    """Look up an article, book or study by key; raise ``KeyError`` naming the known keys."""
    for table in (ARTICLES, BOOKS, STUDIES):
        if key in table:
            return table[key]
    known = ", ".join(sorted([*ARTICLES, *BOOKS, *STUDIES]))
    raise KeyError(f"no source called {key!r}; known sources: {known}")


def sources_markdown(notebook: str) -> str:
    """The sources cell of a notebook as Markdown: articles, books, then research and data, each listed once.

    notebook: a code such as ``"04"`` (a key of :data:`NOTEBOOK_SOURCES`); raises ``KeyError`` otherwise.
    """
    if notebook not in NOTEBOOK_SOURCES:
        raise KeyError(f"no sources listed for notebook {notebook!r}; known: {', '.join(NOTEBOOK_SOURCES)}")
    found = [source(key) for key in NOTEBOOK_SOURCES[notebook]]
    groups = (("Articles by Robert W. Lucas", ("article",)), ("Books the articles come from", ("book",)),
              ("Research and data", ("study", "data")))
    parts = []
    for heading, kinds in groups:
        lines = [f"- {s.citation()}" for s in found if s.kind in kinds]
        if lines:
            parts.append(f"**{heading}**\n\n" + "\n".join(lines))
    return "\n\n".join(parts)


# --------------------------------------------------------------------------- item types


@dataclass(frozen=True)
class Item:
    """One entry of a taught list: a short name, what it means, and where it comes from."""

    key: str
    name: str
    explanation: str
    source: Source


@dataclass(frozen=True)
class PositiveBehaviour(Item):
    """One letter of the POSITIVE model with coaching for a learner who rates it low."""

    letter: str = ""
    coaching: str = ""


@dataclass(frozen=True)
class NonverbalDimension(Item):
    """One of the four parts of the nonverbal peer evaluation."""

    question: str = ""
    feedback: str = ""


@dataclass(frozen=True)
class Fact:
    """A number the course teaches, with its unit and source."""

    key: str
    value: float
    unit: str
    explanation: str
    source: Source


def _items(cls, source_key: str, rows) -> tuple:
    src = source(source_key)
    return tuple(cls(key=row[0], name=row[1], explanation=row[2], source=src, **(row[3] if len(row) > 3 else {}))
                 for row in rows)


# --------------------------------------------------------------------------- definition

#: The parts of the definition of customer service in *Customer Service Skills for Success*.
DEFINITION_PARTS: tuple[Item, ...] = _items(Item, "skills_for_success", (
    ("employees", "Knowledgeable, capable and enthusiastic employees",
     "Service starts with people who know the offer, can act on it, and care about doing so."),
    ("customers", "Internal and external customers",
     "Colleagues who depend on your work are customers too, not only the people who pay."),
    ("needs", "Identified and unidentified needs",
     "Good service meets what the customer asked for and also what they had not thought to ask."),
    ("outcome", "Positive word of mouth and return business",
     "The payoff is a customer who comes back and tells other people good things."),
))

DEFINITION_SUMMARY = (
    "Customer service, as Lucas defines it, is knowledgeable, capable and enthusiastic employees "
    "delivering products and services to internal and external customers so that both stated and "
    "unstated needs are met, with favourable word of mouth and repeat business as the result."
)

# --------------------------------------------------------------------------- POSITIVE model

POSITIVE: tuple[PositiveBehaviour, ...] = _items(PositiveBehaviour, "positive", (
    ("P", "Put your best foot forward",
     "Bring a positive, can-do manner to every contact and smile often; customers are why the job exists.",
     {"letter": "P", "coaching": "Before each contact, take one breath and decide to open with a smile and a yes-first sentence."}),
    ("O", "Offer whatever assistance you can",
     "Go beyond the request: look for problems the customer has not raised yet and solve them.",
     {"letter": "O", "coaching": "End each contact by asking one question that could uncover a second need."}),
    ("S", "Stay abreast of trends",
     "Keep up with your industry and with current service practice so that no situation catches you unprepared.",
     {"letter": "S", "coaching": "Put twenty minutes a week in your calendar to read about service in your industry."}),
    ("I1", "Identify true needs by listening",
     "Listen actively and more than you speak: two ears, one mouth.",
     {"letter": "I", "coaching": "Let the customer finish, then summarise what you heard before offering a solution."}),
    ("T", "Take time to know your customers",
     "The more you learn about the people you serve, the better you can serve them.",
     {"letter": "T", "coaching": "Note one personal detail a regular customer shares and use it at the next visit."}),
    ("I2", "Invite customers to open up",
     "Use open questions (who, what, when, how, why, to what extent) so customers say more.",
     {"letter": "I", "coaching": "Swap one yes/no question for a 'what' or 'how' question in each conversation."}),
    ("V", "Verify understanding",
     "Check that you heard correctly before you act, using closed questions, which often begin with a verb.",
     {"letter": "V", "coaching": "Close each request with a short check such as 'Did I get the delivery date right?'"}),
    ("E", "Engage in relationship-building at once",
     "Greet warmly in person, on the phone and in writing; when something breaks, apologise sincerely and make the customer whole.",
     {"letter": "E", "coaching": "Practise a warm greeting and a sincere apology aloud until both sound natural."}),
))

#: Open questions invite; these are the openers the POSITIVE model names.
OPEN_QUESTION_OPENERS: tuple[str, ...] = ("who", "what", "when", "how", "why", "to what extent")

# --------------------------------------------------------------------------- nonverbal

NONVERBAL: tuple[NonverbalDimension, ...] = _items(NonverbalDimension, "nonverbal", (
    ("body_language", "Body language",
     "Posture and position signal either relaxed confidence or tense uncertainty.",
     {"question": "Did their posture and positioning come across as relaxed and confident rather than tense or unsure?",
      "feedback": "Stand or sit square to the customer, shoulders loose, hands visible and still; practise in front of a mirror or on video."}),
    ("facial_expression", "Facial expression",
     "The face tells the customer at once whether you are glad to help or just going through the motions.",
     {"question": "Did their face say 'welcome, I am ready to help' rather than bored or disinterested?",
      "feedback": "Greet with a genuine smile that reaches the eyes and keep an interested expression while the customer talks."}),
    ("eye_contact", "Eye contact",
     "Enough eye contact shows interest; too much or too little can cause discomfort, and norms vary by culture.",
     {"question": "Was their eye contact enough to show interest without making the customer uncomfortable?",
      "feedback": "Look at the customer while they speak, glance away naturally, and follow the customer's lead on how much eye contact feels right."}),
    ("tone_of_voice", "Tone of voice",
     "The voice should sound like a smiling professional: steady pace, comfortable and confident.",
     {"question": "Did their voice sound warm, even-paced and confident?",
      "feedback": "Slow down, smile while you speak (it can be heard), and record a practice call to hear your own pace."}),
))

#: What can follow when a poor image is never improved.
POOR_IMAGE_CONSEQUENCES: tuple[Item, ...] = _items(Item, "nonverbal", (
    ("termination", "Losing your job", "Repeated poor impressions can end in dismissal."),
    ("word_of_mouth", "Negative word of mouth", "Customers tell other people about a provider who seemed careless."),
    ("complaints", "Customer complaints", "Unhappy customers complain, to you, your manager or elsewhere."),
    ("loyalty", "Lost brand and customer loyalty", "People stop preferring the brand and the provider."),
    ("business", "Lost business", "The organisation loses sales and customers."),
))

# --------------------------------------------------------------------------- partnering

RELATIONSHIP_TECHNIQUES: tuple[Item, ...] = _items(Item, "partnering", (
    ("communicate", "Communicate openly and effectively", "Say clearly what you can do and what happens next."),
    ("smile", "Smile and project a positive image", "A positive image invites trust before a word is said."),
    ("listen", "Listen intently, then respond appropriately", "Hear the whole concern before you answer it."),
    ("win_win", "Create win/win outcomes", "Meet the customer's need in a way that also serves the organisation's goals."),
    ("ongoing", "Build an ongoing relationship", "Treat each contact as part of a long relationship, not a single sale."),
))

FOUR_TIPS: tuple[Item, ...] = _items(Item, "four_tips", (
    ("read", "Read about service", "Seek out constructive material on customer service and keep reading it."),
    ("diverse_classes", "Learn to serve diverse people",
     "Take classes on working with people of other ages, genders, cultures and abilities."),
    ("behavioural_courses", "Study people",
     "Courses in psychology, sociology and interpersonal communication explain why people act as they do."),
    ("focus_differences", "Focus on differences and similarities",
     "In your studies look at gender, cultural diversity and behavioural styles to round out your knowledge."),
))

# --------------------------------------------------------------------------- loyalty

LOYALTY_STRATEGIES: tuple[Item, ...] = _items(Item, "loyalty_strategies", (
    ("recognize", "Recognize the customer",
     "Stop what you are doing, give the customer your full attention, and learn and use their name."),
    ("appreciate", "Show appreciation",
     "Thank the customer and let them be the one to leave or hang up, in case they have one more question."),
    ("demonstrate_value", "Demonstrate value",
     "Do not assume customers notice what you save them; show it, for example a receipt that states the saving."),
))

#: The receipt example: a list price, the store's everyday price, the saving, and a thank-you line.
RECEIPT_EXAMPLE_STORE = "Office Depot"

# --------------------------------------------------------------------------- recovery

EMOTION_REDUCING_MOVES: tuple[Item, ...] = _items(Item, "recovery", (
    ("empathize", "Empathize", "Show that you understand how the customer feels."),
    ("agree", "Agree with the customer", "Agree where you honestly can: the delay was too long, the mistake was ours."),
    ("lower_volume", "Lower your volume", "Speak more softly than the customer; people tend to match it."),
    ("monitor_tone", "Monitor your tone", "Keep your voice calm and free of irritation."),
    ("let_vent", "Let them vent", "Allow the customer to finish before you move on to fixing things."),
))

RECOVERY_STRATEGIES: tuple[Item, ...] = _items(Item, "recovery", (
    ("reaffirm", "Reaffirm the value of the relationship",
     "Apologise sincerely and say out loud that the customer matters and that you want to help."),
    ("commit", "Demonstrate commitment",
     "Listen, empathise, then take concrete action on the breakdown, bringing in a colleague or supervisor if needed."),
    ("realistic", "Be realistic",
     "Trust returns slowly; follow up with a card, discount or voucher to show you mean it."),
    ("flexible", "Remain flexible",
     "Make concessions, avoid quoting policy, and offer alternatives when the full request is impossible."),
    ("open_communication", "Keep communication open",
     "Pause before you speak, and let the customer lead if that calms things down."),
    ("gain_commitment", "Gain commitment",
     "Ask the customer to work with you on the fix and to tell you early if anything goes wrong again."),
    ("monitor", "Monitor progress",
     "Check back soon afterwards; problems that seemed solved can flare up again."),
))

#: What poorly handled recovery tends to lead to.
POOR_RECOVERY_OUTCOMES: tuple[str, ...] = (
    "complaints to a supervisor",
    "complaints to consumer agencies",
    "bad word of mouth",
    "lost customers",
)

# --------------------------------------------------------------------------- communication

COMMUNICATION_STRATEGIES: tuple[Item, ...] = _items(Item, "communication", (
    ("gather", "Gather information", "Ask for the customer's input so you learn their needs, wants and expectations."),
    ("consistent", "Be consistent",
     "Give timely, factual updates on a schedule, especially while a problem is being worked on."),
    ("openness", "Demonstrate openness",
     "Never hide behind a policy: say what the limit is and why in plain words, and what you can do instead."),
    ("personable", "Be personable", "Show warmth and concern, not robotic efficiency; for example, mark a customer's celebration."),
))

# --------------------------------------------------------------------------- cultures

RELATIONSHIP_ORIENTED_COUNTRIES: tuple[str, ...] = (
    "Bangladesh", "Brazil", "China", "Egypt", "Japan", "Kuwait",
    "Mexico", "Philippines", "South Korea", "Turkey", "Vietnam",
)

RELATIONSHIP_ORIENTED_NOTES: tuple[str, ...] = (
    "Trust often has to be built before any business is done.",
    "Several meetings, lunches or dinners over weeks may come before an agreement.",
    "A spoken promise is treated like a contract; breaking it does lasting damage.",
    "A call-centre agent held to talk-time limits should agree with a supervisor in advance how much flexibility they have.",
)

SENSITIVE_TOPIC_EXAMPLE = (
    "In some Middle Eastern cultures a male provider who speaks directly to, or compliments, a male "
    "customer's wife or daughter without his permission may seem rude; asking about them can feel intrusive."
)

CULTURE_TRAVELS = "People who move to another country bring their culture with them."

#: The course's one rule on policy, taught in notebook 09 and applied by the policy checker
#: (:mod:`csworkbook.rules.policy`). The article on recovery says only to avoid any reference to policy;
#: the course keeps that and adds the second half (state the real limit and its reason), which is its own.
OPENNESS_RULE = (
    "Leave the policy out of what you say: no 'policy', 'rules', 'procedure' or 'the system won't let me'. If "
    "there is a real limit, state it plainly with its reason in everyday words, then offer what you can do."
)

CULTURE_CAVEAT = (
    "Frameworks such as Hall's and Hofstede's describe tendencies of groups, never the person in front "
    "of you. Use them to decide what to ask, not what to assume."
)

# --------------------------------------------------------------------------- consumer values

VALUE_SHIFT_DRIVERS: tuple[str, ...] = ("economic instability", "fast-changing technology", "global mobility")
CHANGING_VALUES: tuple[str, ...] = ("cost", "ecology", "sustainability")
VALUE_EXAMPLE_CARS: tuple[str, ...] = ("Chevrolet Volt", "Toyota Prius", "Nissan Leaf")

# --------------------------------------------------------------------------- time


@dataclass(frozen=True)
class TimeNorm:
    """How long a wait for a late arrival is commonly tolerated in a setting (minutes)."""

    setting: str
    min_minutes: float
    max_minutes: float
    note: str
    source: Source


TIME_NORMS: tuple[TimeNorm, ...] = (
    TimeNorm("Monochronic norm, e.g. the United States", 5, 10,
             "A wait of five to ten minutes for someone who is late is acceptable.", source("time")),
    TimeNorm("Some other cultures", 0, 60, "Lateness of up to an hour can be acceptable.", source("time")),
    TimeNorm("High-status person (senior executive, government, military)", 10, 60,
             "Higher status can mean a longer wait: such people are more often held up by unplanned demands. "
             "The article gives no figure for how much longer; the numbers here are illustrations.",
             source("time")),
)

MONOCHRONIC_WAIT_MINUTES: tuple[int, int] = (5, 10)

# --------------------------------------------------------------------------- technology

CHANNELS_THEN: tuple[str, ...] = ("telephone", "fax")
CHANNELS_NOW: tuple[str, ...] = ("Skype", "smartphones", "tablets", "cloud-based solutions")
WEB_TOOLS: tuple[str, ...] = ("blogs", "Facebook", "Twitter", "YouTube", "Pinterest", "StumbleUpon")
OUTSOURCING_REASONS: tuple[str, ...] = ("lower direct staff costs", "tax breaks")
OUTSOURCING_BACKLASH = "Many consumers resist talking to agents abroad who they feel do not understand them."
SMALL_FIRM_RESPONDERS: tuple[str, ...] = ("administrative assistant", "salesperson", "driver", "partner", "owner")

# --------------------------------------------------------------------------- figures

ECOMMERCE_2012 = Fact("ecommerce_2012", 225.5, "billion USD",
                      "U.S. eCommerce sales in 2012 (the Commerce Department's estimate, as eMarketer quoted it).",
                      source("emarketer"))
ECOMMERCE_2017 = Fact("ecommerce_2017", 434.2, "billion USD",
                      "U.S. eCommerce sales forecast for 2017 (a forecast made in 2013).", source("emarketer"))
ECOMMERCE_YEARS = 5
#: What was recorded for 2017: the forecast above undershot it by about 4 %.
ECOMMERCE_2017_ACTUAL = Fact("ecommerce_2017_actual", 453.5, "billion USD",
                             "U.S. retail e-commerce sales in 2017 as reported by the Commerce Department in 2018 "
                             "(16.0 % more than in 2016).", source("census"))

#: The Ms. Ling example from *The Cost of Dissatisfied Customers*.
MS_LING = {
    "weekly_spend_usd": 22.0,
    "weeks_per_year": 52,
    "years": 10,
    "people_told": 16,
    "refund_usd": 22.0,
    "return_window_days": 3,
}

#: Reichheld & Sasser (1990): case figures, not a law.
ZERO_DEFECTIONS = Fact("zero_defections", 5, "percentage points",
                       "Cutting defections by 5 points lifted profits by 25 to 85 % in the service businesses "
                       "studied (85 % in one bank's branches); these are case results, not a general law.",
                       source("reichheld_sasser"))

#: TARP, Peters and Goodman: what the '4 % complain' slogan really refers to.
COMPLAINT_FACT = (
    "TARP studied complaint handling for the U.S. Office of Consumer Affairs from 1979 on. Tom Peters (1987) "
    "made its findings famous as '26 of 27 unhappy customers never complain', the '4 %' people still quote. "
    "John Goodman of TARP later explained that the 96 % who stayed silent concerned small problems never "
    "reported to head office, and that about half of unhappy customers do complain to front-line staff. The "
    "safe lesson: most problems never reach management, so seek them out."
)

SILENT_DEFECTORS = "Many customers who leave for a competitor never tell you why."

#: The recovery paradox and a second failure (Bitner, Booms & Tetreault 1990; Maxham & Netemeyer 2002;
#: de Matos, Henrique & Rossi 2007).
RECOVERY_PARADOX_LIMITS = (
    "A fine recovery only sometimes leaves a customer happier than no failure would have; a meta-analysis "
    "(de Matos, Henrique and Rossi, 2007) found the effect on satisfaction but not on loyalty or word of mouth. "
    "A second failure, a 'double deviation' in the terms of Bitner, Booms and Tetreault (1990), erodes the "
    "goodwill the first recovery won (Maxham and Netemeyer, 2002)."
)

MEHRABIAN_CAVEAT = (
    "Mehrabian's 7-38-55 split holds only under the conditions of his experiments: listeners heard single words "
    "about feelings and attitudes (whether the speaker liked them) spoken in a tone that conflicted with the "
    "word. It says nothing about how much of an ordinary message is carried by words."
)
EYE_CONTACT_CAVEAT = "Eye contact is no lie detector, and what counts as polite varies across cultures."
SELF_RATING_CAVEAT = "People rate their own nonverbal behaviour poorly; a peer's eyes are the better measure."

WAITRESS_STORY = (
    "A story by Lauren Tuck of the Shine staff told of a customer so moved by an underpaid server's excellent "
    "service and hard circumstances that they left her a very large tip: good service is noticed and can be rewarded."
)
