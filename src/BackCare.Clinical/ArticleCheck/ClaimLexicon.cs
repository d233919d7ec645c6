using System.Collections.Frozen;
using System.Collections.Immutable;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.ArticleCheck;

/// <summary>A subject the lexicon knows, with how specific it is (lower ranks win when a sentence names several).</summary>
public sealed record LexiconSubject(ClaimSubject Subject, string Name, int Rank);

/// <summary>
/// The words claim detection works with. Subjects come from the evidence base itself: every drug's id, name,
/// synonyms and brands (as the medication index knows them), drug classes, interventions and claim topics with their
/// aliases (data/claims.yaml). Outcome, direction, hedge, emphasis and negation words are fixed lists here, each
/// chosen from how popular health articles phrase claims.
/// </summary>
public sealed class ClaimLexicon
{
    public const int MaxPhraseWords = 5;

    private readonly FrozenDictionary<string, LexiconSubject> _subjects;

    public ClaimLexicon(EvidenceBase evidence)
    {
        var subjects = new Dictionary<string, LexiconSubject>(StringComparer.Ordinal);
        void Add(string phrase, LexiconSubject subject)
        {
            var key = ClaimTokens.Key(phrase);
            if (key.Length < 3 || key.Split(' ').Length > MaxPhraseWords) return;
            if (!subjects.TryGetValue(key, out var existing) || subject.Rank < existing.Rank) subjects[key] = subject;
        }

        foreach (var drug in evidence.Drugs)
        {
            var subject = new LexiconSubject(new ClaimSubject(ClaimSubjectKind.Drug, drug.Id), drug.Name, 0);
            foreach (var name in new[] { drug.Id.Replace('_', ' '), drug.Name }.Concat(drug.Synonyms).Concat(drug.Brands.Us).Concat(drug.Brands.Uk))
            {
                Add(name, subject);
            }
        }

        foreach (var drugClass in evidence.Classes) Add(drugClass.Name, new LexiconSubject(new ClaimSubject(ClaimSubjectKind.Class, drugClass.Id), drugClass.Name, 1));
        foreach (var topic in evidence.ClaimTopics)
        {
            var rank = topic.Kind == ClaimTopicKind.Condition ? 4 : 3;
            var subject = new LexiconSubject(new ClaimSubject(ClaimSubjectKind.Topic, topic.Id), topic.Name, rank);
            foreach (var term in topic.Terms) Add(term, subject);
        }

        foreach (var alias in evidence.ClaimAliases)
        {
            var (name, rank) = alias.Subject.Kind switch
            {
                ClaimSubjectKind.Class => (evidence.Class(alias.Subject.Id)?.Name ?? alias.Subject.Id, 1),
                ClaimSubjectKind.Intervention => (evidence.Interventions.FirstOrDefault(i => i.Id == alias.Subject.Id)?.Name ?? alias.Subject.Id, 2),
                _ => (alias.Subject.Id, 3),
            };
            foreach (var term in alias.Terms) Add(term, new LexiconSubject(alias.Subject, name, rank));
        }

        _subjects = subjects.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The subject named by exactly these words (already keyed), if any.</summary>
    public LexiconSubject? Subject(string key) => _subjects.GetValueOrDefault(key);

    /// <summary>Outcome words; "pain" words map to back pain because the check is about back-pain articles.</summary>
    public static readonly FrozenDictionary<string, ClaimOutcome> Outcomes = new Dictionary<string, ClaimOutcome>(StringComparer.Ordinal)
    {
        ["pain"] = ClaimOutcome.BackPain, ["back pain"] = ClaimOutcome.BackPain, ["backache"] = ClaimOutcome.BackPain, ["sciatica"] = ClaimOutcome.BackPain,
        ["aches"] = ClaimOutcome.BackPain, ["ache"] = ClaimOutcome.BackPain, ["discomfort"] = ClaimOutcome.BackPain, ["painful"] = ClaimOutcome.BackPain,
        ["pain relief"] = ClaimOutcome.BackPain, ["pain-free"] = ClaimOutcome.BackPain, ["relief"] = ClaimOutcome.BackPain,
        ["spasm"] = ClaimOutcome.MuscleSpasm, ["spasms"] = ClaimOutcome.MuscleSpasm, ["muscle tension"] = ClaimOutcome.MuscleSpasm, ["tension"] = ClaimOutcome.MuscleSpasm,
        ["muscles"] = ClaimOutcome.MuscleSpasm, ["muscle"] = ClaimOutcome.MuscleSpasm, ["stiffness"] = ClaimOutcome.MuscleSpasm, ["tightness"] = ClaimOutcome.MuscleSpasm,
        ["sleep"] = ClaimOutcome.Sleep, ["insomnia"] = ClaimOutcome.Sleep, ["sleeping"] = ClaimOutcome.Sleep, ["asleep"] = ClaimOutcome.Sleep, ["sleep cycle"] = ClaimOutcome.Sleep,
        ["anxiety"] = ClaimOutcome.Anxiety, ["anxious"] = ClaimOutcome.Anxiety, ["worry"] = ClaimOutcome.Anxiety, ["stress"] = ClaimOutcome.Anxiety, ["nerves"] = ClaimOutcome.Anxiety,
        ["panic"] = ClaimOutcome.Anxiety, ["mood"] = ClaimOutcome.Anxiety, ["depression"] = ClaimOutcome.Anxiety,
        ["recovery"] = ClaimOutcome.Recovery, ["recover"] = ClaimOutcome.Recovery, ["recovering"] = ClaimOutcome.Recovery, ["function"] = ClaimOutcome.Recovery,
        ["mobility"] = ClaimOutcome.Recovery, ["disability"] = ClaimOutcome.Recovery, ["get better"] = ClaimOutcome.Recovery, ["gets better"] = ClaimOutcome.Recovery,
        ["heal"] = ClaimOutcome.Recovery, ["healing"] = ClaimOutcome.Recovery, ["improves"] = ClaimOutcome.Recovery, ["improve"] = ClaimOutcome.Recovery,
        ["prevent"] = ClaimOutcome.Prevention, ["prevents"] = ClaimOutcome.Prevention, ["preventing"] = ClaimOutcome.Prevention, ["prevention"] = ClaimOutcome.Prevention,
        ["coming back"] = ClaimOutcome.Prevention, ["recurrence"] = ClaimOutcome.Prevention, ["returning"] = ClaimOutcome.Prevention,
        ["diagnose"] = ClaimOutcome.Diagnosis, ["diagnosis"] = ClaimOutcome.Diagnosis, ["find the cause"] = ClaimOutcome.Diagnosis, ["show the cause"] = ClaimOutcome.Diagnosis,
        ["identify the cause"] = ClaimOutcome.Diagnosis, ["pinpoint"] = ClaimOutcome.Diagnosis, ["reveal"] = ClaimOutcome.Diagnosis,
        ["inflammation"] = ClaimOutcome.Inflammation, ["inflammatory"] = ClaimOutcome.Inflammation,
        ["addictive"] = ClaimOutcome.Dependence, ["addiction"] = ClaimOutcome.Dependence, ["dependence"] = ClaimOutcome.Dependence, ["dependency"] = ClaimOutcome.Dependence,
        ["dependent"] = ClaimOutcome.Dependence, ["habit-forming"] = ClaimOutcome.Dependence, ["withdrawal"] = ClaimOutcome.Dependence, ["addicted"] = ClaimOutcome.Dependence,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>When a sentence names several outcomes, the first of these it names is the claim's outcome.</summary>
    public static readonly ImmutableArray<ClaimOutcome> OutcomePriority =
    [
        ClaimOutcome.Dependence, ClaimOutcome.Prevention, ClaimOutcome.Diagnosis, ClaimOutcome.BackPain, ClaimOutcome.Recovery,
        ClaimOutcome.Sleep, ClaimOutcome.Anxiety, ClaimOutcome.MuscleSpasm, ClaimOutcome.Inflammation,
    ];

    /// <summary>Words that say which way a claim goes.</summary>
    public static readonly FrozenDictionary<string, ClaimDirection> Directions = new Dictionary<string, ClaimDirection>(StringComparer.Ordinal)
    {
        ["relieve"] = ClaimDirection.Helps, ["relieves"] = ClaimDirection.Helps, ["relieved"] = ClaimDirection.Helps, ["relieving"] = ClaimDirection.Helps,
        ["relief"] = ClaimDirection.Helps, ["help"] = ClaimDirection.Helps, ["helps"] = ClaimDirection.Helps, ["helped"] = ClaimDirection.Helps,
        ["helping"] = ClaimDirection.Helps, ["helpful"] = ClaimDirection.Helps, ["effective"] = ClaimDirection.Helps, ["effectively"] = ClaimDirection.Helps,
        ["ease"] = ClaimDirection.Helps, ["eases"] = ClaimDirection.Helps, ["easing"] = ClaimDirection.Helps, ["alleviate"] = ClaimDirection.Helps,
        ["alleviates"] = ClaimDirection.Helps, ["alleviating"] = ClaimDirection.Helps, ["reduce"] = ClaimDirection.Helps, ["reduces"] = ClaimDirection.Helps,
        ["reducing"] = ClaimDirection.Helps, ["lessen"] = ClaimDirection.Helps, ["lessens"] = ClaimDirection.Helps, ["treat"] = ClaimDirection.Helps,
        ["treats"] = ClaimDirection.Helps, ["improve"] = ClaimDirection.Helps, ["improves"] = ClaimDirection.Helps, ["improved"] = ClaimDirection.Helps,
        ["improving"] = ClaimDirection.Helps, ["works"] = ClaimDirection.Helps, ["work"] = ClaimDirection.Helps, ["benefit"] = ClaimDirection.Helps,
        ["benefits"] = ClaimDirection.Helps, ["beneficial"] = ClaimDirection.Helps, ["useful"] = ClaimDirection.Helps, ["soothe"] = ClaimDirection.Helps,
        ["soothes"] = ClaimDirection.Helps, ["calm"] = ClaimDirection.Helps, ["calms"] = ClaimDirection.Helps, ["relax"] = ClaimDirection.Helps,
        ["relaxes"] = ClaimDirection.Helps, ["relaxing"] = ClaimDirection.Helps, ["fix"] = ClaimDirection.Helps, ["fixes"] = ClaimDirection.Helps,
        ["cure"] = ClaimDirection.Helps, ["cures"] = ClaimDirection.Helps, ["manage"] = ClaimDirection.Helps, ["promote"] = ClaimDirection.Helps,
        ["promotes"] = ClaimDirection.Helps, ["valuable"] = ClaimDirection.Helps, ["recommended"] = ClaimDirection.Helps, ["recommend"] = ClaimDirection.Helps,
        ["recommends"] = ClaimDirection.Helps, ["prevent"] = ClaimDirection.Helps, ["prevents"] = ClaimDirection.Helps, ["preventing"] = ClaimDirection.Helps,
        ["speed up"] = ClaimDirection.Helps, ["faster"] = ClaimDirection.Helps, ["quicker"] = ClaimDirection.Helps, ["aid"] = ClaimDirection.Helps,
        ["aids"] = ClaimDirection.Helps, ["boost"] = ClaimDirection.Helps, ["good for"] = ClaimDirection.Helps, ["diagnose"] = ClaimDirection.Helps,
        ["find the cause"] = ClaimDirection.Helps, ["show the cause"] = ClaimDirection.Helps, ["identify the cause"] = ClaimDirection.Helps, ["reveal"] = ClaimDirection.Helps,
        ["gets better"] = ClaimDirection.Helps, ["get better"] = ClaimDirection.Helps, ["recover"] = ClaimDirection.Helps,
        ["eliminate"] = ClaimDirection.Helps, ["eliminates"] = ClaimDirection.Helps, ["get rid of"] = ClaimDirection.Helps,
        ["gets rid of"] = ClaimDirection.Helps, ["stops"] = ClaimDirection.Helps, ["stop"] = ClaimDirection.Helps, ["heals"] = ClaimDirection.Helps,
        ["remedy"] = ClaimDirection.Helps, ["solution"] = ClaimDirection.Helps, ["option"] = ClaimDirection.Helps,
        ["worsen"] = ClaimDirection.Harms, ["worsens"] = ClaimDirection.Harms, ["worse"] = ClaimDirection.Harms, ["aggravate"] = ClaimDirection.Harms,
        ["aggravates"] = ClaimDirection.Harms, ["exacerbate"] = ClaimDirection.Harms, ["exacerbates"] = ClaimDirection.Harms, ["harmful"] = ClaimDirection.Harms,
        ["damage"] = ClaimDirection.Harms, ["damages"] = ClaimDirection.Harms, ["slows"] = ClaimDirection.Harms, ["delays"] = ClaimDirection.Harms,
        ["amplify"] = ClaimDirection.Harms, ["amplifies"] = ClaimDirection.Harms, ["intensify"] = ClaimDirection.Harms, ["heighten"] = ClaimDirection.Harms,
        ["cause"] = ClaimDirection.Causes, ["causes"] = ClaimDirection.Causes, ["caused"] = ClaimDirection.Causes, ["causing"] = ClaimDirection.Causes,
        ["lead to"] = ClaimDirection.Causes, ["leads to"] = ClaimDirection.Causes, ["trigger"] = ClaimDirection.Causes, ["triggers"] = ClaimDirection.Causes,
        ["result in"] = ClaimDirection.Causes, ["results in"] = ClaimDirection.Causes, ["responsible for"] = ClaimDirection.Causes,
        ["contribute to"] = ClaimDirection.Causes, ["contributes to"] = ClaimDirection.Causes, ["addictive"] = ClaimDirection.Causes,
        ["habit-forming"] = ClaimDirection.Causes, ["risk of"] = ClaimDirection.Causes, ["dependence"] = ClaimDirection.Causes, ["dependency"] = ClaimDirection.Causes,
        ["addiction"] = ClaimDirection.Causes,
        ["ineffective"] = ClaimDirection.NoEffect, ["no better than"] = ClaimDirection.NoEffect, ["useless"] = ClaimDirection.NoEffect,
        ["no benefit"] = ClaimDirection.NoEffect, ["improvement"] = ClaimDirection.Helps, ["no effect"] = ClaimDirection.NoEffect, ["non-addictive"] = ClaimDirection.NoEffect,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Words that soften a claim; a hedge never makes a claim sound surer.</summary>
    public static readonly FrozenSet<string> Hedges = new[]
    {
        "may", "might", "could", "can", "possibly", "potentially", "perhaps", "some", "somewhat", "likely", "suggest", "suggests", "appear",
        "appears", "seem", "seems", "thought", "believed", "reportedly", "indirectly", "sometimes", "mild", "partly", "occasionally", "temporary", "temporarily",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Words that make a claim sound surer than a plain statement.</summary>
    public static readonly FrozenSet<string> Emphatic = new[]
    {
        "proven", "highly", "very", "extremely", "always", "definitely", "guaranteed", "cure", "cures", "completely", "eliminate", "eliminates",
        "best", "powerful", "fix", "fixes", "remarkably", "significantly", "dramatically", "instantly", "excellent",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Words that turn a claim round.</summary>
    public static readonly FrozenSet<string> Negations = new[]
    {
        "not", "no", "never", "neither", "nor", "cannot", "without", "nothing", "none", "isn't", "aren't", "doesn't", "don't", "didn't", "won't",
        "wasn't", "weren't", "can't", "couldn't", "shouldn't", "hasn't", "haven't", "unable", "fails", "failed", "lacks", "rarely", "seldom",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Phrases that make a sentence advice to see someone rather than a claim.</summary>
    public static readonly ImmutableArray<string> Advice =
    [
        "talk to", "speak to", "speak with", "talk with", "consult", "ask your", "check with", "see a doctor", "see your doctor", "see a gp",
        "see your gp", "seek medical", "healthcare provider", "healthcare professional", "medical advice", "your doctor", "your pharmacist",
    ];

    /// <summary>Words that say a claim is about long-lasting back pain.</summary>
    public static readonly FrozenSet<string> Chronic = new[] { "chronic", "long-term", "long-lasting", "persistent", "ongoing", "lasting" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Words that say a claim is about new back pain.</summary>
    public static readonly FrozenSet<string> Acute = new[] { "acute", "sudden", "new", "recent" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Words that end a negation's reach.</summary>
    public static readonly FrozenSet<string> ClauseBreaks = new[] { "and", "but", "or", "while", "whereas", "because", "which", "so", "although" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Who reports an experience ("people", "patients") and the verbs of reporting that follow them.</summary>
    public static readonly FrozenSet<string> Reporters = new[] { "people", "patients", "users", "individuals", "sufferers" }.ToFrozenSet(StringComparer.Ordinal);

    public static readonly FrozenSet<string> Reports = new[] { "report", "reported", "say", "said", "swear", "claim", "find", "found", "describe" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Words that make a sentence a personal story.</summary>
    public static readonly FrozenSet<string> FirstPerson = new[] { "i", "i'm", "i've", "my", "me", "myself" }.ToFrozenSet(StringComparer.Ordinal);
}
