"""The English translation of the public site's prose (core/demo/pages.py), by page slug: what
an editor would write into the English page Wagtail's simple translation copies from the Chinese
one. Marketplace data (names, addresses) stay as entered; only the editors' words are here."""
from .pages import _p

HOME = {
    "title": "Intermediary Services Marketplace",
    "seo_title": "Online marketplace for administrative-approval intermediary services",
    "intro": _p(
        "The marketplace is where project owners find intermediary services that administrative "
        "approvals require. Any lawfully established agency may list itself <b>with no entry barrier and no "
        "quota</b>; owners choose freely; service items, fee rules and every agency's credit are public."
    ),
    "body": [
        {"type": "heading", "value": {"text": "Services", "level": "h2"}},
        {"type": "links", "value": {"title": "", "links": [
            {"title": "Service catalogue", "page": None, "url": "/catalogue/",
             "description": "Intermediary services kept as conditions of an approval: legal basis, time limit, fees"},
            {"title": "Agency directory", "page": None, "url": "/agencies/",
             "description": "Listed agencies, their qualifications, staff, commitments and credit grade"},
            {"title": "Credit", "page": None, "url": "/credit/",
             "description": "The credit rules, the blacklist and the red list"},
            {"title": "Guide", "page": None, "url": "/guide/",
             "description": "How owners choose an agency and how agencies join"},
        ]}},
        {"type": "notice", "value": {
            "title": "Approving departments may not name an agency",
            "text": _p("A service that is not in the catalogue may not be made a condition of an approval, and no "
                       "approving department may name or hint at an agency. Report it to the supervising department."),
        }},
    ],
}

CATALOGUE = {
    "title": "Service catalogue",
    "intro": _p("Each intermediary service item with its legal basis, the approval it serves and the approving "
                "department, its statutory time limit, its fee type and the qualifications the law requires. "
                "Every change to the catalogue is published with its history."),
}

DIRECTORY = {
    "title": "Agency directory",
    "intro": _p("Agencies are listed the moment they register, with no approval step. Search by service item, "
                "region and credit grade."),
}

NOTICES = {
    "title": "Notices",
    "intro": _p("Project owners' procurement notices, selection results and publicity. Until the close nobody "
                "sees who has bid; after it every valid bid, score and the random draw's proof are public, so "
                "anyone can check the result."),
}

CREDIT = {
    "title": "Credit",
    "intro": _p("The platform computes agencies' and owners' credit scores from the published rules: both sides' "
                "ratings, performance and supervision records. Each agency's page explains its score line by "
                "line. This page states the rules in force in plain words and keeps every earlier version."),
}

BLACKLIST = {
    "title": "Blacklist",
    "intro": _p("An agency that seriously breaks faith is blacklisted for one to three years after one regulator "
                "proposes it and a second one confirms it. While listed it may not take part in any job, and its "
                "legal representative and senior managers may not register or manage another agency."),
}

REDLIST = {
    "title": "Red list",
    "intro": _p("The platform computes the red list from its published rule. Nobody can apply for it, and "
                "nobody can add or remove an agency by hand."),
}

FEES = {
    "title": "Fee rules and calculator",
    "intro": _p("For services priced by the government, no agency may charge more than the published rule. Pick "
                "a service item, enter the quantity and coefficients, and see the fee band by band. No login and "
                "no script are needed."),
    "body": [
        {"type": "notice", "value": {
            "title": "The result is a guide",
            "text": _p("The fee charged follows the rule's legal basis and the contract. The platform refuses a bid "
                       "above the government-priced ceiling."),
        }},
    ],
}

STATISTICS = {
    "title": "Statistics",
    "intro": _p("The platform sums every job month by month (awards, amounts, savings and service time), "
                "updated daily. Service time is counted in working days and compared with the same months a "
                "year earlier, against the reform goal of cutting it by more than 30 %."),
}

CONTRACTS = {
    "title": "Contracts",
    "summary": "How contracts are made, signed and checked on the platform.",
    "body": [
        {"type": "paragraph", "value": _p(
            "Every contract made on the platform follows a model contract that the competent department "
            "published: its fixed clauses cannot be changed; the owner and the selected agency fill in only the "
            "marked terms (fee, time limit, milestones). Both sign online, and the platform seals the signed PDF.",
            "Anyone can check a signed contract: upload its PDF, or enter the SHA-256 of its text, on the check "
            "page. Payments follow the contract's milestones, and each side rates the other when the service "
            "is done.",
        )},
    ],
}

TEMPLATES = {
    "title": "Model contracts",
    "intro": _p("The model contracts the competent departments published, each with every version. Contracts "
                "signed on the platform are made from the version in force when they were drawn up."),
}

CONTACT = {
    "title": "Contact and complaints",
    "intro": _p("Questions about using the platform: call the hotline or visit the service centre's desk. If an "
                "approving department names an agency, or an agency overcharges or fails to deliver, file a "
                "complaint online."),
    "complaint_note": _p("Owners, agencies and the public may all complain: an approving department naming an "
                         "agency, an agency charging above the rules or not performing, an owner setting unlawful "
                         "conditions. The platform accepts a complaint within 5 working days; its tracking "
                         "number shows its progress, and the outcome is published as the law requires."),
    "contact_points": [
        {"type": "contact", "value": {
            "name": "Marketplace operations desk", "phone": "0838-12345", "email": "zjcs@example.gov.cn",
            "address": "Desk 18, 3rd floor, Deyang Government Service Centre", "hours": "Working days 9:00–12:00, 13:30–17:30",
            "handles": "Joining as an agency, accounts and certificates, posting a job",
        }},
        {"type": "contact", "value": {
            "name": "Municipal Development and Reform Commission (intermediary services)", "phone": "0838-2202000",
            "email": "", "address": "69 Minjiang West Road, Section 2, Jingyang District, Deyang",
            "hours": "Working days 9:00–17:00",
            "handles": "Fees of intermediary services, objections to credit ratings and blacklisting",
        }},
    ],
}

ABOUT = {
    "title": "About the platform",
    "summary": "The marketplace lets owners and agencies show, bid, contract and rate online.",
    "source": "",
    "body": [
        {"type": "paragraph", "value": _p(
            "To deepen the reform of administrative approvals, the intermediary services that approvals require are "
            "being cleaned up: too many steps, too much time, arbitrary fees, monopolies and ties to approving "
            "departments. This platform is built on the principle of no entry barrier and no restriction, for a "
            "market that is efficient, orderly, competitive and well supervised.",
            "Qualified agencies operate on the platform and enterprises and the public choose among them freely. "
            "Projects using public funds, for services outside the government procurement catalogue and below its "
            "thresholds, choose their agency here: shown, bid, contracted and rated online.",
        )},
        {"type": "facts", "value": {"caption": "The platform's basic rules", "rows": [
            {"label": "Joining", "value": "No barrier and no restriction: no approval, no quota, no regional or "
                                          "sector limit; an agency is public once registered."},
            {"label": "Qualifications", "value": "Only those laws, administrative regulations and State Council "
                                                 "decisions require, verified by the supervising department."},
            {"label": "Three commitments", "value": "Each agency publishes its service time, fee standard and "
                                                    "service standard for each item."},
            {"label": "Two-way rating", "value": "After the service owner and agency rate each other; the ratings "
                                                 "feed the public credit record."},
            {"label": "Credit", "value": "Scores and grades are public; serious breaches lead to the blacklist and "
                                         "a market ban."},
        ]}},
    ],
}

GUIDE = {
    "title": "Guide",
    "summary": "How owners and agencies use the platform.",
    "source": "",
    "body": [
        {"type": "heading", "value": {"text": "Joining as an agency", "level": "h2"}},
        {"type": "paragraph", "value": _p(
            "1. Register an account with your e-mail address and confirm it;",
            "2. In My workspace, register the agency: unified social credit code, name, legal representative, "
            "region, address and contacts. It is listed in the directory at once;",
            "3. Add the service items you offer, each with your three commitments: time, fee and service standard;",
            "4. Upload the certificates the law requires; the supervising department verifies them;",
            "5. Register your practitioners and declare any tie to a government department.",
        )},
        {"type": "heading", "value": {"text": "Choosing an agency as a project owner", "level": "h2"}},
        {"type": "paragraph", "value": _p(
            "Find the service item and its legal qualifications in the catalogue, publish a notice, and after the "
            "close choose by the method the notice names (direct choice, random draw, best price or scoring). When "
            "the publicity period ends without objection, both sides sign the model contract online.",
            "A notice may not restrict region, sector or department, nor ask for qualifications beyond the law.",
        )},
        {"type": "notice", "value": {"title": "Tip", "text": _p(
            "Every item's page shows its fee rule; for government-priced items the fee calculator estimates the fee.")}},
    ],
}

POLICIES = {
    "title": "Policies",
    "summary": "Excerpts of the policy documents that govern approval intermediary services.",
    "source": "Deyang Municipal People's Government",
    "body": [
        {"type": "heading", "value": {"text": "Deyang action plan for regulating approval intermediary services "
                                              "(excerpt)", "level": "h2"}},
        {"type": "paragraph", "value": _p(
            "Clean up the intermediary service items. Every intermediary service that departments' approvals involve "
            "is reviewed and a municipal catalogue is published for public supervision. A service not in the "
            "catalogue may not be a condition of accepting an approval, and the catalogue is to shrink.",
            "Break up monopolies. Apart from qualifications that laws, administrative regulations and State Council "
            "decisions require, every other approval of agencies' qualifications is abolished, as are regional, "
            "sector and departmental restrictions and every quota on the number of agencies.",
            "Separate agencies from departments. Institutions, associations and enterprises under an approving "
            "department may not provide intermediary services for that department's approvals. No department may "
            "name an agency in any form. No civil servant may hold a post in an agency.",
            "Regulate fees. Where the market is mature and competitive, fees are set by the market; services that "
            "remain monopolistic for now are priced by the government.",
            "Supervise by credit. Random inspections with published results, a credit system for agencies, and "
            "for agencies and staff who breach the rules, records in their credit file or the blacklist, made "
            "public; seriously unlawful agencies and their managers are banned from the market.",
        )},
        {"type": "heading", "value": {"text": "Deepening the reform of approval intermediary services (excerpt)",
                                      "level": "h2"}},
        {"type": "paragraph", "value": _p(
            "Enterprises choose their agency; government departments may not name one, openly or in disguise. An "
            "online marketplace lets agencies join with no barrier, bid, sign contracts online, be rated both ways "
            "and have their credit published.",
            "Monopolistic agencies serve within time limits set by their supervisors; the others are managed by "
            "their three commitments on time, fee and service standard, supervised throughout, recorded in the "
            "social credit system, with a blacklist and a way out of the market.",
        )},
    ],
}

BY_SLUG = {"home": HOME, "catalogue": CATALOGUE, "agencies": DIRECTORY, "notices": NOTICES, "credit": CREDIT,
           "blacklist": BLACKLIST, "redlist": REDLIST, "fees": FEES, "contact": CONTACT, "statistics": STATISTICS,
           "contracts": CONTRACTS, "templates": TEMPLATES, "about": ABOUT, "guide": GUIDE, "policies": POLICIES}
