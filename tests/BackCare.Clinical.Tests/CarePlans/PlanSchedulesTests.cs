using System.Collections.Immutable;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.Tests.CarePlans;

/// <summary>
/// The order in which preferred exercises are tried: written as a sort of small records for a quick start, it must
/// give what the LINQ it replaced gave (stable OrderBy rank, ThenBy order of preference) for any preferences.
/// </summary>
public sealed class PlanSchedulesTests
{
    private static List<string> Oracle(EvidenceBase evidence, ImmutableArray<string> activities) =>
        [.. activities
            .SelectMany((activity, order) => evidence.Techniques
                .Where(t => t.Kind == TechniqueKind.Exercise && t.Activities.Contains(activity))
                .Select(t => (t.Id, Rank: t.Activities.IndexOf(activity), Order: order)))
            .OrderBy(x => x.Rank).ThenBy(x => x.Order)
            .Select(x => x.Id)];

    [Fact]
    public void Preferred_exercises_come_in_the_order_the_LINQ_gave_for_every_pair_and_triple_of_activities()
    {
        var evidence = EmbeddedEvidence.Default;
        var schedules = new PlanSchedules(evidence);
        string[] tags = [.. evidence.Techniques.SelectMany(t => t.Activities).Distinct(StringComparer.Ordinal), "no_such_activity"];
        tags.Length.ShouldBeGreaterThan(3);
        var checkedOrders = 0;
        foreach (var a in tags)
        {
            foreach (var b in tags)
            {
                foreach (var c in tags.Take(4))
                {
                    ImmutableArray<string> activities = [a, b, c];
                    schedules.Preferred(activities).ShouldBe(Oracle(evidence, activities), string.Join(",", activities));
                    checkedOrders++;
                }
            }
        }

        schedules.Preferred([]).ShouldBeEmpty();
        checkedOrders.ShouldBeGreaterThan(40);
    }
}
