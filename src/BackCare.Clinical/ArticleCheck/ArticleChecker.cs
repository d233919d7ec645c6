using System.Collections.Immutable;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;

namespace BackCare.Clinical.ArticleCheck;

/// <summary>
/// Checks an article's text against the evidence base: splits it into sentences, reads the claim in each
/// (<see cref="ClaimDetector"/>), decides each verdict by comparing frames (<see cref="ClaimJudge"/>), lists what the
/// article left out about the medicines it promotes (<see cref="OmissionFinder"/>), and runs the medication check on
/// every medicine it names. Pure: the same text always gives the same result.
/// </summary>
public sealed class ArticleChecker
{
    /// <summary>How many related statements are shown with a claim nothing in the base backs.</summary>
    public const int RelatedShown = 2;

    private readonly EvidenceBase _evidence;
    private readonly ClaimDetector _detector;
    private readonly EvidenceLookup _lookup;
    private readonly MedicationChecker _medications;
    private readonly IEvidenceRetriever _retriever;
    private readonly Dictionary<string, string> _interventionNames;

    public ArticleChecker(EvidenceBase evidence, MedicationChecker medications, IEvidenceRetriever retriever)
    {
        _evidence = evidence;
        _detector = new ClaimDetector(new ClaimLexicon(evidence));
        _lookup = new EvidenceLookup(evidence);
        _medications = medications;
        _retriever = retriever;
        _interventionNames = evidence.Interventions.ToDictionary(i => i.Id, i => i.Name, StringComparer.Ordinal);
    }

    public ArticleCheckResult Check(string text, string? title = null)
    {
        var claims = ImmutableArray.CreateBuilder<ArticleClaim>();
        var named = new List<string>();
        var promoted = new List<string>();
        foreach (var sentence in SentenceSplitter.Split(text))
        {
            if (_detector.Detect(sentence.Text) is not { } frame) continue;
            if (frame.Subject.Kind == ClaimSubjectKind.Drug) named.Add(frame.Subject.Id);
            var (verdict, evidence, rule, explanation) = ClaimJudge.Judge(frame, Name(frame.Subject), _lookup, _evidence);
            if (evidence.IsEmpty && verdict == ArticleVerdict.Unsupported && rule == "no_evidence")
            {
                evidence = [.. _retriever.Related(sentence.Text, RelatedShown)];
            }

            if (frame.Subject.Kind == ClaimSubjectKind.Drug && frame.Direction == ClaimDirection.Helps && verdict != ArticleVerdict.NotCheckable)
            {
                promoted.Add(frame.Subject.Id);
            }

            claims.Add(new ArticleClaim(sentence, frame, verdict, ClaimJudge.Confidence(frame, verdict), evidence, rule, explanation));
        }

        var medicines = named.Distinct(StringComparer.Ordinal).ToImmutableArray();
        var omissions = OmissionFinder.Find(_evidence, promoted, text);
        MedicationCheckResult? check = null;
        if (!medicines.IsEmpty)
        {
            check = _medications.Check(new MedicationCheckInput(null, null, false, false, false, MedicationChecker.LowBackPain, [],
                [.. medicines.Select(m => new MedicationEntry(_evidence.DrugById(m)!.Name, null, null))]));
        }

        var all = claims.ToImmutable();
        int Count(ArticleVerdict v) => all.Count(c => c.Verdict == v);
        var counts = new ArticleCounts(all.Length, Count(ArticleVerdict.Supported), Count(ArticleVerdict.Contradicted), Count(ArticleVerdict.Overstated),
            Count(ArticleVerdict.Unsupported), Count(ArticleVerdict.NotCheckable), omissions.Length);
        return new ArticleCheckResult(title ?? TitleOf(text), all, omissions, medicines, check, counts);
    }

    /// <summary>The name a reader knows a subject by.</summary>
    public string Name(ClaimSubject subject) => subject.Kind switch
    {
        ClaimSubjectKind.Drug => _evidence.DrugById(subject.Id)?.Name ?? subject.Id,
        ClaimSubjectKind.Class => _evidence.Class(subject.Id)?.Name.ToLowerInvariant() ?? subject.Id,
        ClaimSubjectKind.Intervention => _interventionNames.GetValueOrDefault(subject.Id, subject.Id).ToLowerInvariant(),
        _ => _evidence.ClaimTopics.FirstOrDefault(t => t.Id == subject.Id)?.Name.ToLowerInvariant() ?? subject.Id,
    };

    /// <summary>The first non-empty line, if it is short enough to be a title.</summary>
    public static string TitleOf(string text)
    {
        var first = text.Split('\n').Select(l => l.Trim().TrimStart('#', ' ')).FirstOrDefault(l => l.Length > 0) ?? "";
        return first.Length is > 0 and <= 120 ? first : "Untitled article";
    }
}
