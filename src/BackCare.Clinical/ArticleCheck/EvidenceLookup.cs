using System.Collections.Frozen;
using System.Collections.Immutable;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.ArticleCheck;

/// <summary>
/// The claim-level statements that can be compared with a frame: those about the same subject, then (for a drug)
/// those about its classes, nearest class first. Each level is returned separately so the most specific one decides.
/// Back pain and recovery are compared with each other (an article's "helps back pain" and the evidence's "helps
/// recovery" are the same kind of claim); other outcomes must match exactly.
/// </summary>
public sealed class EvidenceLookup
{
    private readonly EvidenceBase _evidence;
    private readonly FrozenDictionary<ClaimSubject, ImmutableArray<EvidenceClaim>> _bySubject;

    public EvidenceLookup(EvidenceBase evidence)
    {
        _evidence = evidence;
        _bySubject = evidence.Claims.GroupBy(c => c.Subject).ToFrozenDictionary(g => g.Key, g => g.ToImmutableArray());
    }

    /// <summary>Matching statements, grouped from the most specific subject to the least.</summary>
    public IEnumerable<ImmutableArray<EvidenceClaim>> Levels(ClaimSubject subject, ClaimOutcome outcome)
    {
        foreach (var level in Subjects(subject))
        {
            if (!_bySubject.TryGetValue(level, out var claims)) continue;
            var matching = claims.Where(c => Comparable(c.Outcome, outcome)).ToImmutableArray();
            if (!matching.IsEmpty) yield return matching;
        }
    }

    public static bool Comparable(ClaimOutcome evidence, ClaimOutcome claim) =>
        evidence == claim || (IsPainOrRecovery(evidence) && IsPainOrRecovery(claim));

    private static bool IsPainOrRecovery(ClaimOutcome outcome) => outcome is ClaimOutcome.BackPain or ClaimOutcome.Recovery;

    private IEnumerable<ClaimSubject> Subjects(ClaimSubject subject)
    {
        yield return subject;
        var classes = subject.Kind switch
        {
            ClaimSubjectKind.Drug => _evidence.DrugById(subject.Id)?.AllClasses ?? [],
            ClaimSubjectKind.Class => Ancestors(subject.Id),
            _ => [],
        };
        foreach (var id in classes) yield return new ClaimSubject(ClaimSubjectKind.Class, id);
    }

    private ImmutableArray<string> Ancestors(string classId)
    {
        var result = ImmutableArray.CreateBuilder<string>();
        var queue = new Queue<string>([classId]);
        while (queue.Count > 0)
        {
            foreach (var parent in _evidence.Class(queue.Dequeue())?.Parents ?? [])
            {
                if (result.Contains(parent)) continue;
                result.Add(parent);
                queue.Enqueue(parent);
            }
        }

        return result.ToImmutable();
    }
}
