-- good_friday_1998.lua: the Northern Ireland multi-party talks, September 1997 - 10 April 1998,
-- chaired by George Mitchell, which ended in the Belfast (Good Friday) Agreement.
--
-- Sources:
--   [T] the text of the Agreement reached in the multi-party negotiations, Belfast, 10 April
--       1998 (the Belfast or Good Friday Agreement), and the British-Irish Agreement of the same day
--   [M] George J. Mitchell, Making Peace (1999)
--   [P] Jonathan Powell, Great Hatred, Little Room: Making Peace in Northern Ireland (2008)
--   [E] the public record of the time: the party positions, Blair's letter to Trimble of
--       10 April 1998, the referendums of 22 May 1998
--   [J] a judgement call of the scenario's author: argue about it in class, then change it.
--
-- Capabilities, reservations and saliences are judgement [J]. They are kept in this one
-- table so that a class can see them together and argue about them.
--
--   actor  capability  reservation  cares most about (salience, 0-5)
--   UK        1.0         0.30      the consent principle 5, devolved power sharing 4
--   IE        0.8         0.30      North-South bodies 5, the constitutional balance 4
--   UUP       0.6         0.40      the Union and Articles 2-3 5, decommissioning 4,
--                                   weak North-South bodies 4
--   SDLP      0.6         0.35      power sharing 5, an Irish dimension 4
--   SF        0.5         0.40      prisoners 4, policing 4, North-South bodies 4, no
--                                   decommissioning precondition 4
--   DUP       0.5         0.60      no North-South bodies 5, no prisoner releases 4
--   APNI      0.2         0.30      power sharing 5; policing, decommissioning, prisoners 2
--   LOY       0.2         0.35      prisoners 5, the Union 4 (PUP and UDP together)
--
-- How each concedes (tactic) and whom it listens to, also [J]: the two governments concede
-- early and listen to each other; the UUP holds out (Boulware) and listens to London; the SDLP
-- listens to Dublin; Sinn Féin holds out and listens to Dublin a little; the loyalists concede
-- early once their prisoners are on board; the DUP holds out and walks out.

scenario {
  id = "good_friday_1998",
  title = "The Good Friday Agreement, 1997-1998",
  description = [[Multi-party talks on the future of Northern Ireland, chaired by George
Mitchell, with the British and Irish governments. Sinn Féin joins after the IRA's ceasefire
of July 1997; the DUP and the UK Unionists walk out. Three strands: government inside
Northern Ireland, North-South institutions, and East-West relations; with them the
constitutional question, decommissioning, prisoners and policing. Decisions need
'sufficient consensus': both governments and parties representing a majority of each
community.]],
  seed = 1998,
  source = "Belfast Agreement text (1998); Mitchell (1999); Powell (2008)",
  history = {
    outcome = "agreement",
    signatories = { "UK", "IE", "UUP", "SDLP", "SF", "APNI", "LOY" },
    package = {
      constitution = "consent",
      government = "power_sharing",
      north_south = "implementation",
      east_west = "council",
      decommissioning = "two_years",
      prisoners = "two_years",
      policing = "commission",
      referendums = "concurrent",
    },
    decisive = { "constitution", "government", "north_south", "decommissioning", "prisoners" },
    summary = [[On Good Friday, 10 April 1998, the participants in the multi-party talks
reached the Agreement, and the two governments signed the British-Irish Agreement. Northern
Ireland stays in the UK while a majority wishes; Ireland changes Articles 2 and 3 of its
constitution and the UK repeals the Government of Ireland Act 1920. A power-sharing Assembly
and Executive (d'Hondt, cross-community votes) is interdependent with a North/South
Ministerial Council and implementation bodies; a British-Irish Council and an
intergovernmental conference are set up. The parties are to use their influence to achieve
decommissioning within two years; prisoners of organisations on ceasefire are released within
two years; an independent commission reviews policing. Concurrent referendums on 22 May 1998
approve it, 71% in the North and 94% in the South. The DUP, outside the talks since 1997,
campaigned against it; Sinn Féin endorsed it at its ard fheis in May 1998.]],
    source = "Agreement text (10 April 1998); Mitchell (1999), Powell (2008)",
  },
  questions = {
    "The rule was 'sufficient consensus', not unanimity. Run the dup_veto variant: what changes if every party must agree?",
    "Trimble signed only after Blair's side letter on decommissioning. Run no_blair_letter. What is a side letter worth when it is not part of the agreement?",
    "Ahern reopened Strand Two and weakened the North-South bodies that Dublin had written. Why would a government give ground on the issue it cared about most?",
    "Prisoner releases were bitterly opposed by many, yet the loyalist parties could not sign without them. How does a small party with one essential demand shape a package?",
    "Several hard questions (decommissioning, policing) were postponed to commissions and deadlines. Is constructive ambiguity a success or a delayed failure?",
  },
}

-- ---------------------------------------------------------------------------------------
-- Issues
-- ---------------------------------------------------------------------------------------

issue {
  id = "constitution", label = "Constitutional status",
  options = { { "unity_timetable", "A timetable for Irish unity" },
              { "joint_authority", "Joint British-Irish authority" },
              { "consent", "Consent principle; Articles 2-3 changed; 1920 Act repealed" },
              { "unchanged", "No change (Articles 2-3 stand)" } },
  default = "unchanged",
  source = "[T] Constitutional Issues, paragraphs 1-4 and the annexes",
}

issue {
  id = "government", label = "Government in Northern Ireland (Strand One)",
  options = { { "direct_rule", "Direct rule from London" },
              { "majority_rule", "A majority-rule assembly" },
              { "power_sharing", "Power-sharing Assembly and Executive" } },
  default = "direct_rule",
  source = "[T] Strand One: d'Hondt, parallel consent, First and deputy First Minister",
}

issue {
  id = "north_south", label = "North-South institutions (Strand Two)",
  options = { { "none", "None" },
              { "consultative", "A consultative council only" },
              { "implementation", "Ministerial Council and implementation bodies, tied to the Assembly" },
              { "free_standing", "Free-standing bodies with executive powers" } },
  default = "none",
  source = "[T] Strand Two; [M][P] Mitchell's draft of 6 April and its rewriting",
}

issue {
  id = "east_west", label = "East-West institutions (Strand Three)",
  options = { { "none", "None" },
              { "council", "British-Irish Council and Intergovernmental Conference" } },
  default = "none",
  source = "[T] Strand Three",
}

issue {
  id = "decommissioning", label = "Decommissioning of paramilitary weapons",
  options = { { "precondition", "Before Sinn Féin enters government ('no guns, no government')" },
              { "two_years", "Parties use their influence; within two years; a commission" },
              { "not_addressed", "Not addressed" } },
  default = "not_addressed",
  source = "[T] Decommissioning, paragraph 3",
}

issue {
  id = "prisoners", label = "Paramilitary prisoners",
  options = { { "none", "No early release" },
              { "two_years", "Accelerated release within two years (groups on ceasefire)" },
              { "amnesty", "Immediate release" } },
  default = "none",
  source = "[T] Prisoners, paragraphs 1-5",
}

issue {
  id = "policing", label = "Policing",
  options = { { "unchanged", "The RUC unchanged" },
              { "commission", "An independent commission on policing" },
              { "disbanded", "The RUC disbanded" } },
  default = "unchanged",
  source = "[T] Policing and Justice: the commission (it reported as the Patten report, 1999)",
}

issue {
  id = "referendums", label = "Ratification",
  options = { { "north_only", "A referendum in Northern Ireland only" },
              { "concurrent", "Concurrent referendums, North and South" },
              { "all_island", "One all-island vote" } },
  default = "north_only",
  source = "[T] Validation, implementation and review; Constitutional Issues 1(ii)",
}

-- ---------------------------------------------------------------------------------------
-- Actors
-- ---------------------------------------------------------------------------------------

actor {
  id = "UK", name = "British government (Blair)", colour = "#0072B2",
  capability = 1.0, reservation = 0.30,
  source = "[P][M]; the Downing Street Declaration (1993)",
  tactic = { style = "conceder", susceptibility = 0.3 },
  listens = { IE = 2, UUP = 1 },
  positions = {
    constitution = { values = { unity_timetable = 0, joint_authority = 0.1, consent = 1, unchanged = 0.5 },
      salience = 5, source = "Consent: Northern Ireland stays while a majority wishes [P][T]" },
    government = { ideal = "power_sharing", salience = 4, source = "Devolution with power sharing [P]" },
    north_south = { values = { none = 0.3, consultative = 0.7, implementation = 1, free_standing = 0.6 },
      salience = 2, source = "The Frameworks Document (1995) with Dublin [P][J]" },
    east_west = { ideal = "council", salience = 1, source = "[T][J]" },
    decommissioning = { values = { precondition = 0.6, two_years = 1, not_addressed = 0.2 },
      salience = 3, source = "Blair wanted both Trimble and Adams inside [P]" },
    prisoners = { values = { none = 0.4, two_years = 1, amnesty = 0 }, salience = 3,
      source = "Releases only for groups on ceasefire, over two years [T][P]" },
    policing = { ideal = "commission", salience = 2, source = "[P][J]" },
    referendums = { ideal = "concurrent", salience = 2, source = "[T][J]" },
  },
  red_lines = {
    { id = "consent", label = "No change of sovereignty without the consent of a majority",
      never = any_of(is("constitution", "unity_timetable"), is("constitution", "joint_authority")),
      source = "Downing Street Declaration (1993); [T] Constitutional Issues 1" },
  },
}

actor {
  id = "IE", name = "Irish government (Ahern)", colour = "#009E73",
  capability = 0.8, reservation = 0.30,
  source = "[P][M]",
  tactic = { style = "conceder", susceptibility = 0.3 },
  listens = { UK = 2, SDLP = 1 },
  positions = {
    north_south = { ideal = "free_standing", salience = 5,
      source = "Dublin's Strand Two paper, the basis of Mitchell's draft of 6 April [M][P]" },
    constitution = { values = { unity_timetable = 0.6, joint_authority = 0.8, consent = 1, unchanged = 0 },
      salience = 4, source = "Articles 2-3 changed only in a balanced package [P][T]" },
    government = { ideal = "power_sharing", salience = 3, source = "[P]" },
    referendums = { ideal = "concurrent", salience = 2,
      source = "Self-determination exercised North and South concurrently [T]" },
    prisoners = { ideal = "two_years", salience = 2, source = "[J]" },
    policing = { ideal = "commission", salience = 2, source = "[J]" },
    decommissioning = { ideal = "two_years", salience = 2, source = "[P][J]" },
    east_west = { values = { none = 0.6, council = 1 }, salience = 1, source = "[J]" },
  },
  red_lines = {
    { id = "balanced_change", label = "Articles 2-3 change only with real North-South bodies",
      require = implies(is("constitution", "consent"), at_least("north_south", "implementation")),
      source = "Dublin's stance on the constitutional balance [P][M] [J as a red line]" },
    { id = "no_majority_rule", label = "No return to majority rule",
      never = is("government", "majority_rule"), source = "[P][J]" },
    { id = "strong_bodies", label = "Free-standing North-South bodies", dormant = true,
      require = is("north_south", "free_standing"),
      source = "The governments' Strand Two paper in Mitchell's draft [M][P] [J as a red line]; "
            .. "in force from round 1 until Ahern reopens Strand Two" },
  },
}

actor {
  id = "UUP", name = "Ulster Unionist Party (Trimble)", colour = "#56B4E9",
  capability = 0.6, reservation = 0.40,
  source = "[M][P]",
  tactic = { style = "boulware", susceptibility = 0.3 },
  listens = { UK = 1 },
  positions = {
    constitution = { values = { unity_timetable = 0, joint_authority = 0, consent = 1, unchanged = 0.4 },
      salience = 5, source = "The Union secured and Articles 2-3 changed [M][P]" },
    north_south = { values = { none = 1, consultative = 0.8, implementation = 0.4, free_standing = 0 },
      salience = 4, source = "Trimble rejected the North-South annex of 6 April [M][P]" },
    decommissioning = { values = { precondition = 1, two_years = 0.4, not_addressed = 0 },
      salience = 4, source = "'No guns, no government' [P]" },
    government = { values = { direct_rule = 0.5, majority_rule = 1, power_sharing = 0.6 },
      salience = 3, source = "[J]" },
    east_west = { ideal = "council", salience = 3,
      source = "The UUP's idea of a Council of the Isles [P][J]" },
    prisoners = { values = { none = 1, two_years = 0.5, amnesty = 0 }, salience = 3, source = "[P]" },
    policing = { ideal = "unchanged", salience = 2, source = "[J]" },
    referendums = { ideal = "north_only", salience = 1, source = "[J]" },
  },
  red_lines = {
    { id = "union", label = "Northern Ireland stays in the UK; Articles 2-3 go",
      require = is("constitution", "consent"), source = "[M][P]" },
    { id = "no_free_standing", label = "No free-standing North-South bodies",
      never = is("north_south", "free_standing"),
      source = "Trimble's rejection of Mitchell's draft, 6-7 April 1998 [M][P]" },
    { id = "no_guns_no_government", label = "Decommissioning before Sinn Féin enters government",
      require = is("decommissioning", "precondition"), dormant = true,
      source = "The UUP's stated position until 10 April 1998 [P]; in force from round 1 (event "
            .. "sf_in_dup_out) until Blair's letter, so `analyze` shows where the talks ended" },
    { id = "council_of_isles", label = "An East-West council to balance the North-South one",
      require = implies(at_least("north_south", "consultative"), is("east_west", "council")),
      source = "[P][J]" },
  },
}

actor {
  id = "SDLP", name = "SDLP (Hume, Mallon)", colour = "#E69F00",
  capability = 0.6, reservation = 0.35,
  source = "[M][P]",
  tactic = { style = "linear", susceptibility = 0.3 },
  listens = { IE = 2, UK = 1 },
  positions = {
    government = { ideal = "power_sharing", salience = 5, source = "Hume's three-strand approach [M][P]" },
    north_south = { values = { none = 0, consultative = 0.3, implementation = 0.8, free_standing = 1 },
      salience = 4, source = "[M][P]" },
    constitution = { values = { unity_timetable = 0.6, joint_authority = 0.8, consent = 1, unchanged = 0.2 },
      salience = 3, source = "Unity only by consent [P]" },
    referendums = { ideal = "concurrent", salience = 2, source = "[T][J]" },
    policing = { ideal = "commission", salience = 2, source = "[J]" },
    prisoners = { ideal = "two_years", salience = 1, source = "[J]" },
    decommissioning = { ideal = "two_years", salience = 1, source = "[J]" },
    east_west = { values = { none = 0.6, council = 1 }, salience = 1, source = "[J]" },
  },
  red_lines = {
    { id = "power_sharing", label = "Power sharing, not majority rule",
      require = is("government", "power_sharing"), source = "[M][P]" },
    { id = "irish_dimension", label = "An Irish dimension with substance",
      require = at_least("north_south", "implementation"), source = "[M][P] [J]" },
  },
}

actor {
  id = "SF", name = "Sinn Féin (Adams)", colour = "#2B8C3A",
  capability = 0.5, reservation = 0.40,
  source = "[M][P]",
  tactic = { style = "boulware", susceptibility = 0.2 },
  listens = { IE = 1, SDLP = 1 },
  positions = {
    prisoners = { ideal = "amnesty", salience = 4, source = "[P]" },
    policing = { ideal = "disbanded", salience = 4, source = "[P]" },
    north_south = { ideal = "free_standing", salience = 4, source = "[P]" },
    decommissioning = { values = { precondition = 0, two_years = 0.6, not_addressed = 1 },
      salience = 4, source = "No surrender of IRA weapons as a precondition [P][M]" },
    constitution = { values = { unity_timetable = 1, joint_authority = 0.7, consent = 0.3, unchanged = 0 },
      salience = 3, source = "British withdrawal; consent accepted only as a transition [P][J]" },
    government = { values = { direct_rule = 0.2, majority_rule = 0, power_sharing = 1 },
      salience = 2, source = "[J]" },
    referendums = { ideal = "all_island", salience = 2, source = "Self-determination of the Irish people [P][J]" },
  },
  red_lines = {
    { id = "no_precondition", label = "No decommissioning before entering government",
      never = is("decommissioning", "precondition"), source = "[P][M]" },
  },
}

actor {
  id = "DUP", name = "DUP (Paisley)", colour = "#D55E00",
  capability = 0.5, reservation = 0.60,
  source = "[M][P]; the DUP walked out when Sinn Féin joined the talks",
  tactic = { style = "boulware", beta = 0.2 },
  positions = {
    north_south = { ideal = "none", salience = 5, source = "[M][P]" },
    prisoners = { ideal = "none", salience = 4, source = "[E]" },
    decommissioning = { ideal = "precondition", salience = 4, source = "[E]" },
    constitution = { values = { unity_timetable = 0, joint_authority = 0, consent = 0.5, unchanged = 1 },
      salience = 3, source = "[J]" },
    government = { values = { direct_rule = 0.6, majority_rule = 1, power_sharing = 0.1 },
      salience = 3, source = "[J]" },
    policing = { ideal = "unchanged", salience = 3, source = "[E]" },
  },
  red_lines = {
    { id = "no_dublin_role", label = "No North-South bodies with executive powers",
      never = at_least("north_south", "implementation"), source = "[M][P][E]" },
    { id = "no_releases", label = "No early release of terrorist prisoners",
      never = at_least("prisoners", "two_years"), source = "[E]" },
    { id = "no_sf_in_government", label = "No Sinn Féin in government while the IRA is armed",
      require = is("decommissioning", "precondition"), source = "[E]" },
  },
}

actor {
  id = "APNI", name = "Alliance Party", colour = "#F0E442",
  capability = 0.2, reservation = 0.30,
  source = "[M][J]",
  tactic = { style = "conceder", susceptibility = 0.3 },
  listens = { UK = 1, IE = 1 },
  positions = {
    government = { ideal = "power_sharing", salience = 5, source = "[M][J]" },
    constitution = { values = { unity_timetable = 0, joint_authority = 0.3, consent = 1, unchanged = 0.5 },
      salience = 2, source = "[J]" },
    policing = { ideal = "commission", salience = 2, source = "[J]" },
    decommissioning = { ideal = "two_years", salience = 2, source = "[J]" },
    prisoners = { values = { none = 0.7, two_years = 0.6, amnesty = 0 }, salience = 2, source = "[J]" },
    north_south = { ideal = "implementation", salience = 1, source = "[J]" },
  },
  red_lines = {
    { id = "shared_government", label = "Shared government, not majority rule",
      never = is("government", "majority_rule"), source = "[J]" },
  },
}

actor {
  id = "LOY", name = "Loyalist parties (PUP, UDP)", colour = "#882255",
  capability = 0.2, reservation = 0.35,
  source = "[M][P]: the parties close to the UVF and the UDA",
  tactic = { style = "linear", susceptibility = 0.3 },
  listens = { UUP = 1, UK = 1 },
  positions = {
    prisoners = { ideal = "amnesty", salience = 5, source = "[P][M]" },
    constitution = { values = { unity_timetable = 0, joint_authority = 0, consent = 1, unchanged = 0.7 },
      salience = 4, source = "[M][J]" },
    decommissioning = { values = { precondition = 0.2, two_years = 1, not_addressed = 0.8 },
      salience = 2, source = "Loyalist weapons too [J]" },
    government = { ideal = "power_sharing", salience = 2, source = "[J]" },
    north_south = { values = { none = 1, consultative = 0.8, implementation = 0.5, free_standing = 0 },
      salience = 2, source = "[J]" },
  },
  red_lines = {
    { id = "prisoners_out", label = "Prisoners released",
      require = at_least("prisoners", "two_years"),
      source = "Loyalist prisoners in the Maze backed the talks only with releases [P][M]" },
    { id = "union", label = "Northern Ireland stays in the UK",
      never = any_of(is("constitution", "unity_timetable"), is("constitution", "joint_authority")),
      source = "[M][J]" },
  },
}

-- ---------------------------------------------------------------------------------------
-- Who must sign: 'sufficient consensus' under the talks' rules of procedure. Both
-- governments, and parties representing a majority of each community: with the DUP and the
-- UKUP gone, the UUP (with the loyalists) for the unionists and the SDLP for the nationalists.
-- ---------------------------------------------------------------------------------------

rule { required = { "UK", "IE", "UUP", "SDLP" } }

-- ---------------------------------------------------------------------------------------
-- The negotiation over rounds. Mitchell chairs as a neutral mediator (he signs nothing).
-- Rounds 1-7 are months (September 1997 - March 1998); rounds 8-12 are the last five days,
-- Monday 6 April to Good Friday, 10 April 1998.
-- ---------------------------------------------------------------------------------------

protocol { kind = "mediator", rounds = 12 }

event {
  id = "sf_in_dup_out", label = "Sinn Féin in, the DUP out", at_round = 1,
  message = "After the IRA's renewed ceasefire, Sinn Féin signs the Mitchell Principles and "
         .. "joins the talks; the DUP and the UK Unionists stay out.",
  leave = { "DUP" },
  impose = { "UUP.no_guns_no_government", "IE.strong_bodies" },
  source = "[M][P] July-September 1997",
}

event {
  id = "heads_of_agreement", label = "Propositions on Heads of Agreement; Mowlam in the Maze",
  at_round = 5,
  message = "The two governments publish a short outline of the three strands (12 January). "
         .. "Mo Mowlam visits loyalist prisoners in the Maze, who then back the talks again.",
  willingness = { LOY = 0.2 },
  signal = { from = "UK", strength = 0.1 },
  source = "[M][P] January 1998",
}

event {
  id = "sf_excluded", label = "Sinn Féin suspended", at_round = 6,
  message = "After two killings blamed on the IRA, Sinn Féin is excluded from the talks "
         .. "until 23 March (the UDP had been excluded in January for the same reason).",
  leave = { "SF" },
  source = "[M] February-March 1998",
}

event {
  id = "sf_back", label = "Sinn Féin returns; a deadline is set", at_round = 7,
  message = "Sinn Féin returns; Mitchell sets a deadline of midnight, Thursday 9 April.",
  join = { "SF" },
  source = "[M] March 1998",
}

event {
  id = "mitchell_draft", label = "Mitchell's draft rejected by the unionists", at_round = 8,
  message = "Mitchell circulates a draft whose North-South annex, written by the two "
         .. "governments, lists dozens of bodies; Trimble rejects it.",
  willingness = { UUP = -0.2 },
  source = "[M][P] 6 April 1998",
}

event {
  id = "blair_arrives", label = "Blair arrives: 'the hand of history'", at_round = 9,
  message = "Blair flies to Belfast; Ahern goes home for his mother's funeral.",
  signal = { from = "UK", strength = 0.2 },
  source = "[P] 7 April 1998",
}

event {
  id = "strand_two_reopened", label = "Ahern reopens Strand Two", at_round = 10,
  message = "Back from the funeral, Ahern agrees to rewrite the North-South section: fewer "
         .. "bodies, tied to the Assembly.",
  positions = { IE = { north_south = "implementation" } },
  lift = { "IE.strong_bodies" },
  willingness = { IE = 0.1 },
  source = "[M][P] 8 April 1998",
}

event {
  id = "blair_letter", label = "Blair's letter to Trimble", at_round = 12,
  message = "Blair writes to Trimble that if the provisions on excluding those not committed "
         .. "to exclusively peaceful means prove ineffective, he will support changing them, "
         .. "and that decommissioning should begin straight away. Trimble says yes.",
  lift = { "UUP.no_guns_no_government" },
  source = "[E] Blair's letter of 10 April 1998; [P] ch. 4",
}

-- Parameters nobody knows exactly: `entente montecarlo` draws them in every run [J].
uncertain { id = "uup_reservation", target = "UUP.reservation", dist = uniform(0.3, 0.7) }
uncertain { id = "sf_reservation", target = "SF.reservation", dist = uniform(0.3, 0.65) }
uncertain { id = "uup_ns_salience", target = "UUP.salience.north_south", dist = triangular(3, 4, 5) }
uncertain { id = "uup_beta", target = "UUP.beta", dist = choice({ 0.2, 0.3, 1 }) }

-- ---------------------------------------------------------------------------------------
-- Variants: named what-ifs.
-- ---------------------------------------------------------------------------------------

variant {
  id = "baseline", label = "As in the talks, 1997-1998",
  description = "Sufficient consensus, the DUP outside, the events of the record.",
}

variant {
  id = "dup_veto", label = "The DUP stays in and must agree",
  description = [[What if the DUP had stayed in the talks and the rule had been unanimity of
the unionist parties (the DUP required)?]],
  apply = function(s)
    s.events.sf_in_dup_out.leave = nil
    s.events.sf_in_dup_out.message = "Sinn Féin joins the talks; the DUP stays at the table."
    table.insert(s.rule.required, "DUP")
  end,
}

variant {
  id = "no_blair_letter", label = "No side letter to Trimble",
  description = [[What if Blair had not written to Trimble on the morning of Good Friday?]],
  apply = function(s)
    s.events.blair_letter = nil
    s.actors.UUP.red_lines.no_guns_no_government.dormant = false
  end,
}

variant {
  id = "strand_two_not_reopened", label = "Dublin holds to the draft of 6 April",
  description = [[What if Ahern had refused to reopen the North-South section?]],
  apply = function(s)
    s.events.strand_two_reopened = nil
    s.actors.IE.red_lines.strong_bodies.dormant = false
  end,
}

variant {
  id = "no_releases", label = "London refuses early prisoner releases",
  description = [[What if the British government had refused any accelerated release of
paramilitary prisoners?]],
  apply = function(s)
    s.actors.UK.red_lines.no_releases = {
      label = "No early release of paramilitary prisoners", never = at_least("prisoners", "two_years"),
      source = "[J] a counterfactual" }
  end,
}
