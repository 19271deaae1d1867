-- cuban_missile_crisis_1962.lua: the Cuban missile crisis, 22-28 October 1962.
--
-- Sources (only what the published accounts state; everything else is marked [J]):
--   [AZ] Graham Allison and Philip Zelikow, Essence of Decision: Explaining the Cuban Missile
--        Crisis, 2nd ed. (Longman, 1999)
--   [FN] Aleksandr Fursenko and Timothy Naftali, "One Hell of a Gamble": Khrushchev, Castro,
--        and Kennedy, 1958-1964 (Norton, 1997)
--   [L]  the public record of the crisis: Kennedy's address of 22 October 1962; Khrushchev's
--        letters of 26 and 27 October and his broadcast reply of 28 October; Kennedy's letter
--        of 27 October; Castro's "five points" of 28 October 1962 (all printed in [AZ], [FN]
--        and most document collections of the crisis)
--   [J]  a judgement call of the scenario's author: argue about it in class, then change it.
--
-- The judgement parameters, in one table so that a class can see and argue about them [J]:
--
--   actor  capability  reservation  tactic                   cares most about (salience, 0-5)
--   US        1.0         0.40      boulware 0.5, kappa 0.05 the missiles out 5, verification 2,
--                                                            no-invasion pledge 2, Jupiters 2,
--                                                            Guantanamo 2
--   SU        0.6         0.30      boulware 0.5             a pledge not to invade Cuba 5,
--                                                            the missiles 3, the Jupiters 3
--   CU        0.15        0.60      boulware 0.3             Guantanamo 3, no inspection 3,
--                                                            a formal guarantee 3, the missiles 2
--
-- Two of Khrushchev's red lines are `dormant` until the day he stated them: the no-invasion
-- pledge (first letter, 26 October) and the Jupiters (second letter, 27 October). Kennedy's
-- "no deal over NATO's missiles" holds until Robert Kennedy meets Dobrynin on the evening of
-- 27 October. `entente analyze` sees the red lines in force at the start: so it answers "what
-- deal was there on 22 October?", the run tells the week [J].
--
-- Capabilities follow the strategic balance of 1962 (the US far ahead in long-range nuclear
-- forces [AZ]); reservations say how bad each side found "no deal", which in October 1962
-- meant an air strike or invasion of Cuba and the risk of nuclear war [J].
--
-- The rounds are days: round 1 is Monday 22 October (Kennedy's address), round 7 Sunday
-- 28 October (Khrushchev's broadcast acceptance). Kennedy and Khrushchev take turns to put a
-- text on the table (alternating offers): the United States on odd days, the Soviet Union on
-- even days. Cuba answers every text but was never asked to write one.

scenario {
  id = "cuban_missile_crisis_1962",
  title = "The Cuban missile crisis, October 1962",
  description = [[Soviet nuclear missiles have been found in Cuba. Kennedy demands their
removal and puts a naval quarantine around the island; Khrushchev wants a pledge that the US
will not invade Cuba and, in his second letter, the removal of the American Jupiter missiles
from Turkey; Castro, whose island it is, wants Guantanamo back and no inspectors. What could
the two superpowers agree, and could Cuba be left out?]],
  seed = 1962,
  source = "Allison & Zelikow (1999); Fursenko & Naftali (1997)",
  history = {
    outcome = "coalition",
    signatories = { "US", "SU" },
    package = {
      missiles = "withdrawn", il28 = "withdrawn", quarantine = "lifted",
      pledge = "assurance", jupiters = "secret", verification = "aerial",
      guantanamo = "kept",
    },
    decisive = { "missiles", "pledge", "jupiters", "verification", "guantanamo" },
    summary = [[On 28 October Khrushchev announced on Radio Moscow that the missiles would be
dismantled and shipped home, on the strength of Kennedy's assurance against an invasion of Cuba.
The evening before, Robert Kennedy had told Ambassador Dobrynin that the Jupiters in Turkey
would be gone within months, provided this was never presented as part of the deal. Castro
refused UN inspection on Cuban soil and pressed his five points, Guantanamo among them; the
removal was checked from the air and by counting the missiles on the decks of the departing
ships. The IL-28 bombers followed in November, and Kennedy lifted the quarantine on
20 November. Cuba signed nothing: the settlement was made over its head.]],
    source = "Allison & Zelikow (1999); Fursenko & Naftali (1997)",
  },
  questions = {
    "Kennedy refused a public trade of the Jupiters but accepted a secret one. Why did secrecy matter so much to him, and what did it cost the US to keep it secret?",
    "Run the variant no_jupiter_deal. Would Khrushchev have withdrawn the missiles for a no-invasion pledge alone? What do historians say about his decision of 28 October?",
    "Castro never accepted the settlement. Run castro_must_sign and un_inspection: what would it have taken to bring Cuba in, and was it possible?",
    "The U-2 shot down on 27 October could have started a war; in this run it pushes both sides toward a deal. Is fear of losing control a reason to agree? When does it work the other way?",
    "Which red line in this scenario is the most doubtful as a 'red line' rather than a strong preference? Change it and see.",
  },
}

-- ---------------------------------------------------------------------------------------
-- Issues. An issue with an `owner` is that actor's own contribution: it only takes effect
-- if that actor signs. The option lists run from one end to the other.
-- ---------------------------------------------------------------------------------------

issue {
  id = "missiles", label = "Soviet missiles in Cuba", owner = "SU",
  options = { { "operational", "Stay and are made operational" },
              { "standstill", "Work stopped, missiles stay (U Thant's standstill)" },
              { "withdrawn", "Dismantled and shipped home" } },
  default = "operational",
  source = "[L] Kennedy, 22 Oct; U Thant's appeal of 24-25 Oct for a standstill [AZ]",
}

issue {
  id = "verification", label = "Verification of the withdrawal",
  options = { { "none", "None" },
              { "aerial", "US aerial surveillance and counting at sea" },
              { "onsite", "UN inspectors on Cuban soil" } },
  default = "none",
  source = "[L] Kennedy, 27 Oct: 'under appropriate United Nations observation'; [AZ][FN]",
}

issue {
  id = "jupiters", label = "US Jupiter missiles in Turkey", owner = "US",
  options = { { "stay", "Stay" },
              { "secret", "Withdrawn within months, by a secret undertaking" },
              { "public", "Withdrawn in a public trade" } },
  default = "stay",
  source = "[L] Khrushchev, 27 Oct; Robert Kennedy to Dobrynin, evening of 27 Oct [AZ][FN]",
}

issue {
  id = "pledge", label = "US pledge not to invade Cuba", owner = "US",
  options = { { "none", "No pledge" },
              { "assurance", "An assurance in the leaders' letters" },
              { "formal", "A formal guarantee registered at the UN" } },
  default = "none",
  source = "[L] Khrushchev, 26 Oct; Kennedy, 27 Oct: 'to give assurances against an invasion'",
}

issue {
  id = "quarantine", label = "US naval quarantine", owner = "US",
  options = { { "kept", "Kept in force" }, { "lifted", "Lifted" } },
  default = "kept",
  source = "[L] Kennedy's proclamation of 23 Oct; lifted 20 Nov 1962",
}

issue {
  id = "il28", label = "IL-28 bombers in Cuba", owner = "SU",
  options = { { "stay", "Stay in Cuba" }, { "withdrawn", "Withdrawn" } },
  default = "stay",
  source = "The US counted them as offensive weapons; settled 20 Nov 1962 [AZ][FN]",
}

issue {
  id = "guantanamo", label = "Guantanamo naval base", owner = "US",
  options = { { "kept", "Kept by the US" }, { "returned", "Returned to Cuba" } },
  default = "kept",
  source = "[L] Castro's five points, 28 Oct 1962 (the fifth: withdrawal from Guantanamo)",
}

-- ---------------------------------------------------------------------------------------
-- Actors
-- ---------------------------------------------------------------------------------------

actor {
  id = "US", name = "United States (Kennedy)", colour = "#0072B2",
  capability = 1.0, reservation = 0.40,
  source = "Kennedy and the ExComm [AZ]",
  tactic = { style = "boulware", beta = 0.5, kappa = 0.05 },
  positions = {
    missiles = { ideal = "withdrawn", salience = 5,
      source = "[L] Kennedy, 22 Oct: the missiles must be withdrawn" },
    il28 = { ideal = "withdrawn", salience = 1,
      source = "Bombers were 'offensive weapons' under the quarantine proclamation [AZ]" },
    verification = { values = { none = 0.0, aerial = 0.8, onsite = 1.0 }, salience = 2,
      source = "[L] Kennedy, 27 Oct: removal under UN observation and supervision; "
            .. "the US settled for aerial surveillance [AZ]" },
    quarantine = { values = { kept = 1.0, lifted = 0.5 }, salience = 1,
      source = "[L] Kennedy, 27 Oct, offers to remove the quarantine once the missiles go" },
    pledge = { values = { none = 1.0, assurance = 0.7, formal = 0.2 }, salience = 2,
      source = "[L] Kennedy, 27 Oct, offers assurances; a formal guarantee would bind the US "
            .. "against Cuba for good [J]" },
    jupiters = { values = { stay = 1.0, secret = 0.6, public = 0.0 }, salience = 2,
      source = "The Jupiters were obsolete and Kennedy had asked about removing them before; "
            .. "a public trade would look like selling out Turkey and NATO [AZ]" },
    guantanamo = { ideal = "kept", salience = 2, source = "[J]" },
  },
  red_lines = {
    { id = "missiles_out", label = "The missiles must be withdrawn",
      require = is("missiles", "withdrawn"),
      source = "[L] Kennedy's address of 22 Oct 1962 [AZ]" },
    { id = "no_public_trade", label = "No public trade of the Jupiters over NATO's head",
      never = is("jupiters", "public"),
      source = "ExComm, 27 Oct; Robert Kennedy to Dobrynin: no quid pro quo in public [AZ][FN]" },
    { id = "verified", label = "The withdrawal must be verified",
      require = at_least("verification", "aerial"),
      source = "[L] Kennedy, 27 Oct; aerial checks accepted in place of UN inspection [AZ][J]" },
    { id = "no_jupiter_deal", label = "No deal over NATO's missiles in Turkey",
      never = at_least("jupiters", "secret"),
      source = "The ExComm's line until the evening of 27 Oct, when Kennedy authorised the "
            .. "secret assurance Robert Kennedy gave Dobrynin [AZ][FN]" },
    { id = "keep_guantanamo", label = "Guantanamo is not on the table",
      never = is("guantanamo", "returned"),
      source = "The US ignored Castro's five points [FN][J]" },
  },
}

actor {
  id = "SU", name = "Soviet Union (Khrushchev)", colour = "#D55E00",
  capability = 0.6, reservation = 0.30,
  source = "Khrushchev's letters and the Presidium [FN]",
  tactic = { style = "boulware", beta = 0.5 },
  positions = {
    pledge = { values = { none = 0.0, assurance = 0.8, formal = 1.0 }, salience = 5,
      source = "[L] Khrushchev, 26 Oct: with a pledge not to invade, the missiles would be "
            .. "unnecessary; defending Cuba was the stated purpose of the deployment [FN]" },
    missiles = { values = { operational = 1.0, standstill = 0.6, withdrawn = 0.2 }, salience = 3,
      source = "The deployment was also meant to redress the strategic balance [AZ][FN]" },
    jupiters = { values = { stay = 0.0, secret = 0.7, public = 1.0 }, salience = 3,
      source = "[L] Khrushchev's broadcast letter of 27 Oct demands the Jupiters' removal" },
    quarantine = { ideal = "lifted", salience = 2,
      source = "[L] Khrushchev, 26 Oct: 'recall your fleet'" },
    il28 = { values = { stay = 1.0, withdrawn = 0.3 }, salience = 1,
      source = "Conceded only on 20 Nov, after Mikoyan's talks in Havana [FN]" },
    verification = { values = { none = 1.0, aerial = 0.6, onsite = 0.6 }, salience = 1,
      source = "[L] Khrushchev, 28 Oct, agrees to UN verification of the dismantling [FN]" },
    guantanamo = { values = { kept = 0.5, returned = 1.0 }, salience = 1, source = "[J]" },
  },
  red_lines = {
    { id = "no_invasion", label = "A US pledge not to invade Cuba", dormant = true,
      require = at_least("pledge", "assurance"),
      source = "[L] Khrushchev's first letter, 26 Oct; in force from that day (before it, "
            .. "Moscow denied the missiles were offensive and called the quarantine piracy) [FN]" },
    { id = "jupiters_too", label = "The Jupiters in Turkey must go too", dormant = true,
      require = at_least("jupiters", "secret"),
      source = "[L] Khrushchev's second letter, 27 Oct; in force from that day. Whether "
            .. "Khrushchev would have settled without it is disputed [FN][J]" },
  },
}

actor {
  id = "CU", name = "Cuba (Castro)", colour = "#009E73",
  capability = 0.15, reservation = 0.60,
  source = "Castro's letters and five points [FN]",
  tactic = { style = "boulware" },
  listens = { SU = 1 },
  positions = {
    guantanamo = { ideal = "returned", salience = 3,
      source = "[L] Castro's five points, 28 Oct 1962" },
    verification = { values = { none = 1.0, aerial = 0.2, onsite = 0.0 }, salience = 3,
      source = "[L] Five points: an end to violations of Cuba's air space; Castro refuses "
            .. "U Thant's inspectors, 30-31 Oct [FN]" },
    pledge = { ideal = "formal", salience = 3,
      source = "[L] Five points: an end to the blockade, subversion and raids [FN]" },
    missiles = { values = { operational = 1.0, standstill = 0.5, withdrawn = 0.0 }, salience = 2,
      source = "Castro's letter of 26-27 Oct; his fury at the withdrawal decided without him [FN]" },
    quarantine = { ideal = "lifted", salience = 2,
      source = "[L] Five points: an end to the economic blockade" },
    il28 = { ideal = "stay", salience = 1, source = "Castro resisted their removal in Nov [FN]" },
  },
  red_lines = {
    { id = "no_inspectors", label = "No foreign inspectors on Cuban soil",
      never = is("verification", "onsite"),
      source = "Castro to U Thant, Havana, 30-31 Oct 1962 [FN]" },
    { id = "five_points", label = "Castro's five points, Guantanamo returned among them",
      require = is("guantanamo", "returned"),
      source = "[L] Castro's statement of 28 Oct 1962 [FN]" },
  },
}

-- ---------------------------------------------------------------------------------------
-- Who must sign: Kennedy and Khrushchev. Cuba only if inspectors are to land on Cuban soil.
-- Every other owned issue (quarantine, pledge, Jupiters, missiles, bombers) is already the
-- contribution of one of the two required signatories.
-- ---------------------------------------------------------------------------------------

rule {
  required = { "US", "SU" },
  conditions = {
    { when = is("verification", "onsite"), require = { "CU" },
      label = "Inspectors on Cuban soil need Cuba's consent" },
  },
}

-- ---------------------------------------------------------------------------------------
-- The negotiation over rounds: one day a round, Kennedy and Khrushchev taking turns.
-- ---------------------------------------------------------------------------------------

protocol { kind = "alternating", order = { "US", "SU" }, rounds = 7 }

event {
  id = "address", label = "Kennedy's address: quarantine", at_round = 1,
  message = "Monday 22 Oct: Kennedy tells the world of the missiles, announces a naval "
         .. "quarantine and demands their withdrawal.",
  source = "[L] [AZ]",
}

event {
  id = "ships_stop", label = "Soviet ships stop at the quarantine line", at_round = 3,
  message = "Wednesday 24 Oct: ships carrying arms to Cuba stop or turn back; work on the "
         .. "missile sites goes on.",
  willingness = { SU = 0.1 },
  source = "Khrushchev had ordered the ships back [FN]",
}

event {
  id = "first_letter", label = "Khrushchev's first letter", at_round = 5,
  message = "Friday 26 Oct: the missiles would be unnecessary if the US pledged not to invade "
         .. "Cuba. In Havana, Castro writes to Khrushchev expecting an attack.",
  willingness = { SU = 0.1, CU = -0.2 },
  impose = { "SU.no_invasion" },
  source = "[L] [FN]",
}

event {
  id = "second_letter", label = "Khrushchev's second letter: the Jupiters too", at_round = 6,
  message = "Saturday 27 Oct: a public letter asks for the American missiles in Turkey to be "
         .. "removed as well.",
  impose = { "SU.jupiters_too" },
  source = "[L] [AZ][FN]",
}

event {
  id = "u2", label = "A U-2 is shot down over Cuba", at_round = 6,
  message = "Saturday 27 Oct: a Soviet missile crew shoots down a U-2; Major Rudolf Anderson is "
         .. "killed. Kennedy holds back the retaliation the Joint Chiefs want, and both leaders "
         .. "fear they are losing control.",
  willingness = { US = 0.15, SU = 0.15 },
  source = "[AZ][FN]; the size of the shift is [J]",
}

event {
  id = "rfk_dobrynin", label = "Robert Kennedy meets Dobrynin", at_round = 6,
  message = "Saturday evening: the President's brother tells the Soviet ambassador that the "
         .. "Jupiters will be gone within four to five months, provided it is never made public.",
  lift = { "US.no_jupiter_deal" },
  source = "[AZ][FN]",
}

-- Parameters nobody knows exactly: `entente montecarlo` draws them in every run [J].
uncertain { id = "su_reservation", target = "SU.reservation", dist = uniform(0.2, 0.5) }
uncertain { id = "us_reservation", target = "US.reservation", dist = uniform(0.3, 0.55) }
uncertain { id = "su_jupiter_salience", target = "SU.salience.jupiters", dist = triangular(1, 3, 5) }
uncertain { id = "us_pledge_salience", target = "US.salience.pledge", dist = triangular(1, 2, 4) }

-- ---------------------------------------------------------------------------------------
-- Variants: what-ifs.
-- ---------------------------------------------------------------------------------------

variant {
  id = "baseline", label = "As it happened, 22-28 October 1962",
  description = "The positions and red lines of the published record.",
}

variant {
  id = "no_jupiter_deal", label = "No deal on the Jupiters, which Khrushchev insists on",
  description = [[What if Robert Kennedy had not given Dobrynin the secret assurance, and the
ExComm's line (nothing on NATO's missiles) had held against Khrushchev's demand for them? The
demand is in force from the start, so that `analyze` sees it too.]],
  apply = function(s)
    s.events.rfk_dobrynin = nil
    s.actors.SU.red_lines.jupiters_too.dormant = false
  end,
}

variant {
  id = "first_letter_only", label = "Khrushchev never sends the second letter",
  description = [[What if Khrushchev had stopped at his first letter: the missiles out for a
pledge not to invade Cuba, with nothing said about Turkey?]],
  apply = function(s)
    s.events.second_letter = nil
    s.events.rfk_dobrynin = nil   -- the meeting answered the second letter
  end,
}

variant {
  id = "public_trade", label = "Kennedy accepts a public trade",
  description = [[What if Kennedy had accepted Khrushchev's public offer of 27 October, missiles
in Cuba for missiles in Turkey, in the open?]],
  apply = function(s)
    s.actors.US.red_lines.no_public_trade = nil
    s.actors.US.positions.jupiters.values = { stay = 1.0, secret = 0.6, public = 0.4 }
  end,
}

variant {
  id = "castro_must_sign", label = "Cuba's signature is required",
  description = "What if the superpowers could settle only with Castro's consent?",
  apply = function(s)
    s.rule.required = { "US", "SU", "CU" }
  end,
}

variant {
  id = "un_inspection", label = "Kennedy insists on UN inspectors in Cuba",
  description = [[What if Kennedy had held to his letter of 27 October: removal under UN
observation on Cuban soil, and nothing less?]],
  apply = function(s)
    s.actors.US.red_lines.verified.require = is("verification", "onsite")
  end,
}

variant {
  id = "hawks", label = "The hawks prevail: an air strike looks better than a deal",
  description = [[What if the Joint Chiefs' view had carried the ExComm, so that an air strike
on the bases looked better to Washington than any deal that gave something back?]],
  apply = function(s)
    s.actors.US.reservation = 0.90
    s.actors.US.tactic = { style = "boulware" }
  end,
}
