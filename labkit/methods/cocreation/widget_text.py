"""Swedish (default) and English labels and messages of the workshop widgets."""

from __future__ import annotations

#: Widget labels, button texts and the Swedish explanations of refused entries.
LABELS = {
    "sv": {
        "participant": "Deltagare",
        "pseudonym": "Pseudonym",
        "role": "Roll",
        "age_band": "Ålder",
        "gender": "Kön",
        "home_area": "Hemområde",
        "name": "Namn",
        "round": "Omgång",
        "text": "Idé",
        "builds_on": "Bygger vidare på",
        "new_idea": "(ny idé)",
        "idea": "Idé",
        "addition": "Ja, och …",
        "criterion": "Kriterium",
        "score": "Poäng",
        "statement": "Påstående",
        "new_statement": "Nytt påstående",
        "stakeholder": "Intressent",
        "power": "Makt (1–5)",
        "interest": "Intresse (1–5)",
        "category": "Kategori",
        "note": "Kommentar",
        "activity": "Aktivitet",
        "level": "Delaktighetstrappan",
        "date": "Datum",
        "minutes": "Minuter",
        "not_given": "(vill inte ange)",
        "none": "(inga ännu)",
        "add_participant": "Lägg till deltagare",
        "save_idea": "Spara idé",
        "save_addition": "Spara ”ja, och”",
        "save_scores": "Spara poäng",
        "place_dot": "Sätt prick",
        "add_statement": "Lägg till påstående",
        "agree": "Håller med",
        "disagree": "Håller inte med",
        "pass": "Avstår",
        "save_stakeholder": "Spara intressent",
        "save_activity": "Spara aktivitet",
        "start_timer": "Starta timer",
        "refresh": "Uppdatera",
        "saved": "Sparat i labboken ({kind}: {n} i den här workshoppen).",
        "saved_scores": "{n} poäng sparade.",
        "no_scores": "Välj minst en poäng.",
        "time_left": "Tid kvar: {mm:02d}:{ss:02d}",
        "time_up": "Tiden är ute – skicka bladet vidare!",
        "dots_left": "Prickar kvar för {who}: {n}",
        "own_idea": "egen idé",
        "tab_people": "Deltagare",
        "tab_brainwriting": "Brainwriting",
        "tab_yes_and": "Ja, och …",
        "tab_priorities": "Prioritera",
        "tab_dots": "Prickar",
        "tab_statements": "Påståenden",
        "tab_stakeholders": "Intressenter",
        "tab_activities": "Aktiviteter",
        "tab_tallies": "Läget just nu",
        "ideas_per_round": "Idéer per omgång",
        "top_ideas": "Högst poäng",
        "dot_tally": "Prickar",
        "vote_tally": "Röster på påståenden",
        "stakeholder_table": "Intressenter",
        "count": "Antal",
        "mean": "Medelpoäng",
        "raters": "Bedömare",
        "votes": "Röster",
        "err_own_idea": "Du kan inte poängsätta din egen idé.",
        "err_no_dots": "Inga prickar kvar för den här deltagaren.",
        "err_dot_twice": "Deltagaren har redan en prick på den här idén.",
        "err_duplicate": "Det finns redan en sådan post i den här workshoppen.",
        "err_names": "Namn sparas inte i den här labboken – använd en pseudonym.",
        "err_missing": "Fyll i ”{field}”.",
        "err_value": "Värdet i ”{field}” är inte tillåtet.",
        "err_unknown": "Välj en {field} som finns i labboken.",
        "err_other": "Sparades inte.",
        "err_disk_full": (
            "Sparades inte: disken är full. Det du fyllt i finns kvar – frigör utrymme och spara igen."
        ),
        "err_damaged": "Sparades inte: labbokens fil är skadad. Det du fyllt i finns kvar; kommandot som "
        "kontrollerar och räddar labboken står nedan.",
        "err_read_only": "Sparades inte: labboken ligger där den bara kan läsas. Det du fyllt i finns kvar.",
        "err_locked": "Sparades inte: ett annat program håller labboken låst. Det du fyllt i finns kvar – "
        "försök igen om en stund.",
        "err_disk": (
            "Sparades inte: disken gav ett läs- eller skrivfel. Det du fyllt i finns kvar – försök igen."
        ),
        "err_journal": "Sparades inte: labboken kan inte användas (se nedan). Det du fyllt i finns kvar.",
        "journal_file": "Labbokens fil",
        "check_command": "Kontrollera den med",
        "recover_command": "rädda det som går att läsa med",
        "err_pseudonym_taken": "Pseudonymen ”{value}” används redan i den här workshoppen. Välj en annan.",
        "err_activity_taken": (
            "Aktiviteten ”{value}” finns redan i den här workshoppen. Ge den ett annat namn."
        ),
        "err_pick_participant": "Välj en deltagare i listan ”Deltagare”. Är listan tom? Lägg först till "
        "deltagare under fliken ”Deltagare”.",
        "err_pick_idea": (
            "Välj en idé i listan ”Idé”. Är listan tom? Skriv först idéer under fliken ”Brainwriting”."
        ),
        "err_pick_statement": (
            "Välj ett påstående i listan ”Påstående”. Är listan tom? Skriv ett nytt påstående och klicka "
            "på ”Lägg till påstående”."
        ),
        "err_gone": "Det du valde i ”{field}” finns inte längre i labboken. Välj något annat i listan.",
        "err_too_long": (
            "Texten i ”{field}” är för lång: högst {limit} tecken (nu {n}). Korta den och spara igen."
        ),
        "err_date": "Skriv datumet i ”{field}” som år-månad-dag, till exempel {example}.",
        "err_range": "Skriv ett heltal från {low} till {high} i ”{field}”.",
        "err_number": "Skriv ett tal i ”{field}”.",
        "err_choice": "Välj ett av alternativen i listan ”{field}”.",
        "err_area": "Välj området i listan ”Hemområde” (eller ”vill inte ange”).",
        "header": "<b>{kommun}</b> · workshop <b>{workshop}</b> · labbok <b>{journal}</b>",
        "header_plain": "Workshop <b>{workshop}</b> · labbok <b>{journal}</b>",
        "help_tab_people": (
            "Skriv in varje deltagare med en pseudonym (till exempel P01) och en roll. Ålder, kön och "
            "hemområde är frivilliga. Skriv aldrig någons riktiga namn."
        ),
        "help_tab_brainwriting": (
            "Starta timern för omgången. Välj vem som skrev idén, skriv av den och spara. Bygger den "
            "vidare på en annan idé, välj den i ”Bygger vidare på”."
        ),
        "help_tab_yes_and": "Välj idén och deltagaren, skriv tillägget som börjar med ”ja, och …” och spara.",
        "help_tab_priorities": (
            "Välj deltagare och kriterium och klicka 1–4 vid de idéer deltagaren poängsätter (4 = högst). "
            "Egna idéer är låsta. Spara en gång för alla poäng."
        ),
        "help_tab_dots": (
            "Välj deltagare och idé och sätt en prick. Varje deltagare har ett fåtal prickar, högst en per "
            "idé."
        ),
        "help_tab_statements": (
            "Lägg till påståenden att ta ställning till. Välj sedan deltagare och påstående och klicka på "
            "hur deltagaren röstar. Den senaste rösten räknas."
        ),
        "help_tab_stakeholders": (
            "Skriv intressentens namn (en organisation eller grupp, aldrig en privatperson) och placera "
            "den efter makt och intresse. Ett namn som redan finns uppdateras."
        ),
        "help_tab_activities": (
            "Skriv in vad som gjordes, vilket steg på delaktighetstrappan det var och datumet."
        ),
        "help_tab_tallies": (
            "Sammanställningen uppdateras efter varje sparad post. ”Uppdatera” hämtar även det som andra "
            "har sparat."
        ),
        "people_list": "Deltagare hittills ({n})",
        "ideas_list": "Idéer hittills ({n}, senaste först)",
        "no_people": "Inga deltagare ännu.",
        "no_ideas": "Inga idéer ännu.",
        "by": "Av",
        "stakeholder_chart": "Intressenter efter makt och intresse",
        "no_stakeholders": "Diagrammet visas när den första intressenten är sparad.",
    },
    "en": {
        "participant": "Participant",
        "pseudonym": "Pseudonym",
        "role": "Role",
        "age_band": "Age",
        "gender": "Gender",
        "home_area": "Home area",
        "name": "Name",
        "round": "Round",
        "text": "Idea",
        "builds_on": "Builds on",
        "new_idea": "(new idea)",
        "idea": "Idea",
        "addition": "Yes, and …",
        "criterion": "Criterion",
        "score": "Score",
        "statement": "Statement",
        "new_statement": "New statement",
        "stakeholder": "Stakeholder",
        "power": "Power (1–5)",
        "interest": "Interest (1–5)",
        "category": "Category",
        "note": "Note",
        "activity": "Activity",
        "level": "Participation ladder",
        "date": "Date",
        "minutes": "Minutes",
        "not_given": "(prefer not to say)",
        "none": "(none yet)",
        "add_participant": "Add participant",
        "save_idea": "Save idea",
        "save_addition": "Save “yes, and”",
        "save_scores": "Save scores",
        "place_dot": "Place dot",
        "add_statement": "Add statement",
        "agree": "Agree",
        "disagree": "Disagree",
        "pass": "Pass",
        "save_stakeholder": "Save stakeholder",
        "save_activity": "Save activity",
        "start_timer": "Start timer",
        "refresh": "Refresh",
        "saved": "Saved in the lab journal ({kind}: {n} in this workshop).",
        "saved_scores": "{n} scores saved.",
        "no_scores": "Choose at least one score.",
        "time_left": "Time left: {mm:02d}:{ss:02d}",
        "time_up": "Time is up – pass the sheet on!",
        "dots_left": "Dots left for {who}: {n}",
        "own_idea": "own idea",
        "tab_people": "Participants",
        "tab_brainwriting": "Brainwriting",
        "tab_yes_and": "Yes, and …",
        "tab_priorities": "Prioritise",
        "tab_dots": "Dots",
        "tab_statements": "Statements",
        "tab_stakeholders": "Stakeholders",
        "tab_activities": "Activities",
        "tab_tallies": "Live tallies",
        "ideas_per_round": "Ideas per round",
        "top_ideas": "Highest scores",
        "dot_tally": "Dots",
        "vote_tally": "Statement votes",
        "stakeholder_table": "Stakeholders",
        "count": "Count",
        "mean": "Mean score",
        "raters": "Raters",
        "votes": "Votes",
        "err_own_idea": "You cannot score your own idea.",
        "err_no_dots": "This participant has no dots left.",
        "err_dot_twice": "This participant already has a dot on this idea.",
        "err_duplicate": "Such a record already exists in this workshop.",
        "err_names": "Names are not stored in this journal – use a pseudonym.",
        "err_missing": "Fill in “{field}”.",
        "err_value": "The value of “{field}” is not allowed.",
        "err_unknown": "Choose a {field} that is in the journal.",
        "err_other": "Not saved.",
        "err_disk_full": (
            "Not saved: the disk is full. What you typed is kept – free some space and save again."
        ),
        "err_damaged": (
            "Not saved: the journal file is damaged. What you typed is kept; the command that checks and "
            "recovers the journal is shown below."
        ),
        "err_read_only": (
            "Not saved: the journal is in a place that can only be read. What you typed is kept."
        ),
        "err_locked": (
            "Not saved: another program holds the journal locked. What you typed is kept – try again in a "
            "moment."
        ),
        "err_disk": "Not saved: the disk reported a read or write error. What you typed is kept – try again.",
        "err_journal": "Not saved: the journal cannot be used (see below). What you typed is kept.",
        "journal_file": "The journal's file",
        "check_command": "Check it with",
        "recover_command": "save what is readable with",
        "err_pseudonym_taken": (
            "The pseudonym “{value}” is already used in this workshop. Choose another one."
        ),
        "err_activity_taken": "The activity “{value}” is already in this workshop. Give it another name.",
        "err_pick_participant": (
            "Choose a participant in the list “Participant”. Is the list empty? First add participants in "
            "the tab “Participants”."
        ),
        "err_pick_idea": "Choose an idea in the list “Idea”. Is the list empty? First write ideas in the tab "
        "“Brainwriting”.",
        "err_pick_statement": (
            "Choose a statement in the list “Statement”. Is the list empty? Type a new statement and click "
            "“Add statement”."
        ),
        "err_gone": (
            "What you chose in “{field}” is no longer in the journal. Choose something else in the list."
        ),
        "err_too_long": (
            "The text in “{field}” is too long: at most {limit} characters (now {n}). Shorten it and save "
            "again."
        ),
        "err_date": "Type the date in “{field}” as year-month-day, for example {example}.",
        "err_range": "Type a whole number from {low} to {high} in “{field}”.",
        "err_number": "Type a number in “{field}”.",
        "err_choice": "Choose one of the options in the list “{field}”.",
        "err_area": "Choose the area in the list “Home area” (or “prefer not to say”).",
        "header": "<b>{kommun}</b> · workshop <b>{workshop}</b> · journal <b>{journal}</b>",
        "header_plain": "Workshop <b>{workshop}</b> · journal <b>{journal}</b>",
        "help_tab_people": (
            "Enter each participant with a pseudonym (for example P01) and a role. Age, gender and home "
            "area are optional. Never type anyone's real name."
        ),
        "help_tab_brainwriting": (
            "Start the round's timer. Choose who wrote the idea, type it and save. If it builds on another "
            "idea, choose that one in “Builds on”."
        ),
        "help_tab_yes_and": (
            "Choose the idea and the participant, type the addition that starts with “yes, and …” and save."
        ),
        "help_tab_priorities": (
            "Choose the participant and the criterion and click 1–4 beside the ideas they score (4 = "
            "highest). Their own ideas are locked. Save once for all scores."
        ),
        "help_tab_dots": (
            "Choose the participant and the idea and place a dot. Each participant has a few dots, at most "
            "one per idea."
        ),
        "help_tab_statements": (
            "Add statements to take a stand on. Then choose the participant and the statement and click "
            "how they vote. The latest vote counts."
        ),
        "help_tab_stakeholders": (
            "Type the stakeholder's name (an organisation or group, never a private person) and place it "
            "by power and interest. A name already entered is updated."
        ),
        "help_tab_activities": "Enter what was done, its step on the participation ladder and the date.",
        "help_tab_tallies": (
            "The tallies are updated after every saved entry. “Refresh” also fetches what others have saved."
        ),
        "people_list": "Participants so far ({n})",
        "ideas_list": "Ideas so far ({n}, newest first)",
        "no_people": "No participants yet.",
        "no_ideas": "No ideas yet.",
        "by": "By",
        "stakeholder_chart": "Stakeholders by power and interest",
        "no_stakeholders": "The chart appears when the first stakeholder is saved.",
    },
}
