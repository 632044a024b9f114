"""Everything a participant, the facilitator or the projector reads: Swedish (default) and English."""

from __future__ import annotations

#: Role labels as participants read them.
ROLE_LABELS = {
    "sv": {"invånare": "Invånare", "tjänsteperson": "Tjänsteperson", "exploatör": "Exploatör / byggaktör",
           "civilsamhälle": "Civilsamhälle / förening", "politiker": "Politiker"},
    "en": {"invånare": "Resident", "tjänsteperson": "Municipal officer", "exploatör": "Developer",
           "civilsamhälle": "Civil society / association", "politiker": "Politician"},
}

#: The activities the facilitator opens and closes, as everyone reads them.
ACTIVITY_LABELS = {
    "sv": {"joining": "Anslutning", "brainwriting": "Brainwriting (nya idéer)", "yes_and": "Ja, och …",
           "scoring": "Poängsättning", "dots": "Prickar", "voting": "Rösta på påståenden",
           "proposing": "Föreslå påståenden"},
    "en": {"joining": "Joining", "brainwriting": "Brainwriting (new ideas)", "yes_and": "Yes, and …",
           "scoring": "Scoring", "dots": "Dots", "voting": "Vote on statements", "proposing": "Propose statements"},
}

#: Page addresses of the participant activities.
ACTIVITY_PAGES = {"brainwriting": "/ideas", "yes_and": "/yes-and", "scoring": "/score", "dots": "/dots",
                  "voting": "/statements", "proposing": "/statements"}

TEXT = {
    "sv": {
        "app": "Workshop", "lang": "sv", "skip": "Hoppa till innehållet",
        "workshop_for": "Medskapande workshop i {kommun}", "workshop_id": "Workshop {workshop}",
        "join_title": "Gå med i workshoppen", "code": "Anslutningskod",
        "code_help": "Koden visas på skärmen i rummet (sex tecken).", "next": "Fortsätt",
        "details_title": "Om dig", "pseudonym": "Pseudonym",
        "pseudonym_help": "Ett påhittat namn som andra ser. Skriv inte ditt riktiga namn.",
        "role": "Din roll", "age_band": "Åldersgrupp (frivilligt)", "home_area": "Hemområde (frivilligt)",
        "name": "Namn (frivilligt)", "not_given": "Vill inte ange",
        "consent_title": "Vad sparas och hur länge",
        "consent": (
            "Det du skriver här sparas i workshoppens labbok på samtalsledarens dator, inte i molnet: "
            "din pseudonym och roll, åldersgrupp och hemområde om du anger dem, dina idéer, tillägg, poäng, "
            "prickar, röster och förslag, och när de skickades. Inget namn sparas{names}. "
            "Uppgifterna används för att sammanställa workshoppen i {kommun}; rapporterna visar bara "
            "sammanräknade siffror om deltagarna. De raderas när arbetet är klart, senast {months} månader "
            "efter workshoppen. Du kan be samtalsledaren stryka det du skrivit."),
        "consent_names": " om du inte själv skriver in det",
        "consent_check": "Jag har läst texten och vill vara med", "join": "Gå med",
        "hello": "Hej {pseudonym}!", "you_are": "Du är med som {role}.",
        "open_now": "Öppet just nu", "nothing_open": "Inget är öppet just nu. Vänta på samtalsledaren.",
        "reload": "Uppdatera sidan", "home": "Start", "about": "Om dina uppgifter",
        "ideas_title": "Nya idéer", "round": "Omgång {n}", "idea_text": "Din idé",
        "idea_help": "En mening räcker. Högst 4 000 tecken.", "builds_on": "Bygger vidare på (frivilligt)",
        "new_idea": "Ingen – en ny idé", "save_idea": "Skicka idén", "your_ideas": "Dina idéer",
        "all_ideas": "Idéer i rummet", "no_ideas": "Inga idéer ännu.",
        "yes_and_title": "Ja, och …", "yes_and_help": "Bygg vidare på någon annans idé: ”Ja, och …”",
        "yes_and_text": "Ja, och …", "save_yes_and": "Skicka tillägget", "additions": "Tillägg",
        "no_other_ideas": "Det finns inga idéer från andra ännu.",
        "score_title": "Poängsätt idéerna", "criterion": "Kriterium: {criterion}",
        "score_help": "1 = låg, 4 = hög. Du poängsätter inte dina egna idéer.",
        "score": "Poäng", "save_score": "Spara poäng", "your_score": "Din poäng: {score}",
        "dots_title": "Sätt dina prickar", "dots_left": "Du har {n} av {total} prickar kvar.",
        "place_dot": "Sätt en prick", "dot_placed": "Din prick", "no_dots_left": "Du har satt alla dina prickar.",
        "statements_title": "Påståenden", "vote_help": "Ta ställning till ett påstående i taget.",
        "statement_n": "Påstående {n} av {total}", "agree": "Håller med", "disagree": "Håller inte med",
        "pass": "Avstår / vet inte", "all_voted": "Du har röstat på alla påståenden som finns just nu.",
        "voting_closed": "Röstningen är stängd just nu.",
        "propose_title": "Föreslå ett påstående",
        "propose_help": "Samtalsledaren läser förslaget innan andra får se det.",
        "statement_text": "Ditt påstående", "save_statement": "Skicka förslaget",
        "your_proposals": "Dina förslag", "pending": "väntar på samtalsledaren", "approved": "godkänt",
        "saved": "Sparat.", "saved_idea": "Idén är sparad.", "saved_yes_and": "Tillägget är sparat.",
        "saved_score": "Poängen är sparad.", "saved_dot": "Pricken är satt.", "saved_vote": "Rösten är sparad.",
        "saved_statement": "Förslaget är skickat till samtalsledaren.",
        "err_code": "Koden stämmer inte. Kontrollera koden på skärmen och försök igen.",
        "err_closed_joining": "Det går inte att gå med just nu – samtalsledaren har stängt anslutningen.",
        "err_closed": "”{activity}” är stängt just nu. Vänta på samtalsledaren.",
        "err_missing": "Fyll i ”{field}”.", "err_choice": "Välj ett av alternativen i ”{field}”.",
        "err_too_long": "”{field}” är för lång: högst 4 000 tecken (du skrev {n}).",
        "err_pseudonym_taken": "Pseudonymen ”{value}” används redan i den här workshoppen. Välj en annan.",
        "err_pseudonym": "Pseudonymen får vara högst 40 tecken.",
        "err_consent": "Kryssa i att du har läst texten om vad som sparas.",
        "err_own_idea": "Du kan inte poängsätta din egen idé.", "err_no_dots": "Du har inga prickar kvar.",
        "err_dot_twice": "Du har redan en prick på den idén.",
        "err_unknown_idea": "Idén finns inte längre. Uppdatera sidan.",
        "err_unknown_statement": "Påståendet finns inte längre. Uppdatera sidan.",
        "err_not_joined": "Du är inte med i workshoppen. Gå med först.",
        "err_resent": "Formuläret var redan skickat med annat innehåll. Uppdatera sidan och försök igen.",
        "err_other": "Det gick inte att spara. Försök igen eller säg till samtalsledaren.",
        "err_csrf": "Sidan var för gammal eller kom inte från den här workshoppen. Gå tillbaka, uppdatera sidan "
                    "och försök igen.",
        "err_rate": "Du skickar väldigt snabbt. Vänta några sekunder och försök igen.",
        "err_too_big": "Det du skickade är för stort.", "err_not_found": "Sidan finns inte.",
        "err_facilitator": "Den här sidan är för samtalsledaren. Öppna länken med nyckeln som visades när "
                           "servern startade.",
        "error_title": "Något gick fel", "back": "Tillbaka",
        "fac_title": "Samtalsledarens vy", "fac_rooms": "Öppna och stäng", "open": "Öppen", "closed": "Stängd",
        "do_open": "Öppna", "do_close": "Stäng", "round_label": "Omgång", "criterion_label": "Kriterium",
        "fac_pending": "Förslag att godkänna", "no_pending": "Inga förslag väntar.", "approve": "Godkänn",
        "reject": "Avvisa", "fac_statement": "Nytt påstående från samtalsledaren", "fac_add_statement": "Lägg till",
        "fac_people": "Deltagare ({n})", "no_people": "Ingen har gått med ännu.", "fac_counts": "Just nu",
        "count_participants": "Deltagare", "count_ideas": "Idéer", "count_yes_and": "Ja, och-tillägg",
        "count_scores": "Poäng", "count_dots": "Prickar", "count_votes": "Röster", "count_statements": "Påståenden",
        "projector": "Visa på projektorn", "fac_live": "Deltagare och antal just nu",
        "fac_live_link": "Följ deltagare och antal (uppdateras av sig själv)", "fac_links": "Deltagarna går med på {url} med koden {code}.",
        "saved_room": "Sparat: {activity} är nu {state}.", "saved_approval": "Påståendet är godkänt.",
        "saved_rejection": "Påståendet är avvisat och struket.", "saved_fac_statement": "Påståendet är tillagt.",
        "proj_join": "Gå med på {url}", "proj_code": "Kod", "proj_ideas": "Idéväggen", "proj_dots": "Prickar",
        "proj_groups": "Åsiktsgrupper", "proj_no_groups": "För få röster för åsiktsgrupper ännu "
        "(minst tre deltagare med {n} röster var).", "proj_group": "Grupp {n}: {size} deltagare",
        "proj_agrees": "håller med om", "proj_disagrees": "håller inte med om", "proj_consensus": "Alla grupper "
        "håller med om", "qr_alt": "QR-kod till {url}", "dots_n": "{n} prickar", "col_idea": "Idé",
        "col_dots": "Prickar",
    },
    "en": {
        "app": "Workshop", "lang": "en", "skip": "Skip to content",
        "workshop_for": "Co-creation workshop in {kommun}", "workshop_id": "Workshop {workshop}",
        "join_title": "Join the workshop", "code": "Join code",
        "code_help": "The code is shown on the screen in the room (six characters).", "next": "Continue",
        "details_title": "About you", "pseudonym": "Pseudonym",
        "pseudonym_help": "A made-up name others will see. Do not type your real name.",
        "role": "Your role", "age_band": "Age group (optional)", "home_area": "Home area (optional)",
        "name": "Name (optional)", "not_given": "Prefer not to say",
        "consent_title": "What is stored and for how long",
        "consent": (
            "What you enter here is stored in the workshop's lab journal on the facilitator's computer, not in "
            "the cloud: your pseudonym and role, your age group and home area if you give them, your ideas, "
            "additions, scores, dots, votes and proposals, and when they were sent. No name is stored{names}. "
            "The data are used to summarise the workshop in {kommun}; reports show only counts about the "
            "participants. They are erased when the work is done, at the latest {months} months after the "
            "workshop. You can ask the facilitator to strike out what you wrote."),
        "consent_names": " unless you type it in yourself",
        "consent_check": "I have read the text and want to take part", "join": "Join",
        "hello": "Hello {pseudonym}!", "you_are": "You take part as {role}.",
        "open_now": "Open now", "nothing_open": "Nothing is open right now. Wait for the facilitator.",
        "reload": "Reload the page", "home": "Start", "about": "About your data",
        "ideas_title": "New ideas", "round": "Round {n}", "idea_text": "Your idea",
        "idea_help": "One sentence is enough. At most 4,000 characters.", "builds_on": "Builds on (optional)",
        "new_idea": "None – a new idea", "save_idea": "Send the idea", "your_ideas": "Your ideas",
        "all_ideas": "Ideas in the room", "no_ideas": "No ideas yet.",
        "yes_and_title": "Yes, and …", "yes_and_help": "Build on someone else's idea: “Yes, and …”",
        "yes_and_text": "Yes, and …", "save_yes_and": "Send the addition", "additions": "Additions",
        "no_other_ideas": "There are no ideas from others yet.",
        "score_title": "Score the ideas", "criterion": "Criterion: {criterion}",
        "score_help": "1 = low, 4 = high. You do not score your own ideas.",
        "score": "Score", "save_score": "Save score", "your_score": "Your score: {score}",
        "dots_title": "Place your dots", "dots_left": "You have {n} of {total} dots left.",
        "place_dot": "Place a dot", "dot_placed": "Your dot", "no_dots_left": "You have placed all your dots.",
        "statements_title": "Statements", "vote_help": "Take a position on one statement at a time.",
        "statement_n": "Statement {n} of {total}", "agree": "Agree", "disagree": "Disagree",
        "pass": "Pass / unsure", "all_voted": "You have voted on every statement there is right now.",
        "voting_closed": "Voting is closed right now.",
        "propose_title": "Propose a statement",
        "propose_help": "The facilitator reads the proposal before others see it.",
        "statement_text": "Your statement", "save_statement": "Send the proposal",
        "your_proposals": "Your proposals", "pending": "waiting for the facilitator", "approved": "approved",
        "saved": "Saved.", "saved_idea": "The idea is saved.", "saved_yes_and": "The addition is saved.",
        "saved_score": "The score is saved.", "saved_dot": "The dot is placed.", "saved_vote": "The vote is saved.",
        "saved_statement": "The proposal is sent to the facilitator.",
        "err_code": "The code is not right. Check the code on the screen and try again.",
        "err_closed_joining": "You cannot join right now – the facilitator has closed joining.",
        "err_closed": "“{activity}” is closed right now. Wait for the facilitator.",
        "err_missing": "Fill in “{field}”.", "err_choice": "Choose one of the options in “{field}”.",
        "err_too_long": "“{field}” is too long: at most 4,000 characters (you wrote {n}).",
        "err_pseudonym_taken": "The pseudonym “{value}” is already used in this workshop. Choose another.",
        "err_pseudonym": "The pseudonym may be at most 40 characters.",
        "err_consent": "Tick that you have read the text about what is stored.",
        "err_own_idea": "You cannot score your own idea.", "err_no_dots": "You have no dots left.",
        "err_dot_twice": "You already have a dot on that idea.",
        "err_unknown_idea": "The idea is no longer there. Reload the page.",
        "err_unknown_statement": "The statement is no longer there. Reload the page.",
        "err_not_joined": "You have not joined the workshop. Join first.",
        "err_resent": "This form was already sent with other content. Reload the page and try again.",
        "err_other": "It could not be saved. Try again or tell the facilitator.",
        "err_csrf": "The page was too old or did not come from this workshop. Go back, reload the page and try "
                    "again.",
        "err_rate": "You are sending very fast. Wait a few seconds and try again.",
        "err_too_big": "What you sent is too large.", "err_not_found": "The page does not exist.",
        "err_facilitator": "This page is for the facilitator. Open the link with the key shown when the server "
                           "started.",
        "error_title": "Something went wrong", "back": "Back",
        "fac_title": "Facilitator's view", "fac_rooms": "Open and close", "open": "Open", "closed": "Closed",
        "do_open": "Open", "do_close": "Close", "round_label": "Round", "criterion_label": "Criterion",
        "fac_pending": "Proposals to approve", "no_pending": "No proposals waiting.", "approve": "Approve",
        "reject": "Reject", "fac_statement": "New statement from the facilitator", "fac_add_statement": "Add",
        "fac_people": "Participants ({n})", "no_people": "Nobody has joined yet.", "fac_counts": "Right now",
        "count_participants": "Participants", "count_ideas": "Ideas", "count_yes_and": "Yes-and additions",
        "count_scores": "Scores", "count_dots": "Dots", "count_votes": "Votes", "count_statements": "Statements",
        "projector": "Show on the projector", "fac_live": "Participants and counts now",
        "fac_live_link": "Follow participants and counts (refreshes itself)", "fac_links": "Participants join at {url} with the code {code}.",
        "saved_room": "Saved: {activity} is now {state}.", "saved_approval": "The statement is approved.",
        "saved_rejection": "The statement is rejected and struck out.",
        "saved_fac_statement": "The statement is added.",
        "proj_join": "Join at {url}", "proj_code": "Code", "proj_ideas": "Idea wall", "proj_dots": "Dots",
        "proj_groups": "Opinion groups", "proj_no_groups": "Too few votes for opinion groups yet "
        "(at least three participants with {n} votes each).", "proj_group": "Group {n}: {size} participants",
        "proj_agrees": "agrees with", "proj_disagrees": "disagrees with", "proj_consensus": "Every group agrees "
        "with", "qr_alt": "QR code for {url}", "dots_n": "{n} dots", "col_idea": "Idea", "col_dots": "Dots",
    },
}

