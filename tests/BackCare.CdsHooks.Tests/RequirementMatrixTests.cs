using System.Reflection;

namespace BackCare.CdsHooks.Tests;

/// <summary>
/// The conformance matrix: every CDS Hooks 2.0 requirement that binds the Service with SHALL or SHALL NOT
/// (inferno-requirements, copied into tests/fixtures/external) has a test tagged with its id, or a written
/// reason in requirements-without-tests.tsv why no test applies. Summary in docs/cds-hooks.md.
/// </summary>
public sealed class RequirementMatrixTests
{
    private static string Sheet => Path.Combine(Fixtures.External, "cds-hooks", "inferno-requirements", "cds-hooks_2.0_requirements.tsv");

    public static IReadOnlyList<string> ServiceShalls() =>
    [
        .. File.ReadAllLines(Sheet).Skip(1)
            .Select(l => l.Split('\t'))
            .Where(f => f.Length >= 3 && f[1].StartsWith("SHALL", StringComparison.Ordinal) && f[2].Contains("Service", StringComparison.Ordinal))
            .Select(f => f[0]),
    ];

    public static IReadOnlyDictionary<string, string> Reasons() =>
        File.ReadAllLines(Path.Combine(Fixtures.Root, "tests", "BackCare.CdsHooks.Tests", "requirements-without-tests.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t', 2))
            .ToDictionary(f => f[0], f => f[1]);

    public static IReadOnlyDictionary<string, List<string>> Tested() =>
        typeof(RequirementMatrixTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .SelectMany(m => m.GetCustomAttributes<RequirementAttribute>().SelectMany(a => a.Ids).Select(id => (id, m)))
            .GroupBy(x => x.id)
            .ToDictionary(g => g.Key, g => g.Select(x => $"{x.m.DeclaringType!.Name}.{x.m.Name}").ToList());

    [Fact]
    public void The_sheet_lists_the_73_service_SHALLs()
    {
        ServiceShalls().Count.ShouldBe(73);
    }

    [Fact]
    public void Every_service_SHALL_has_a_test_or_a_reason()
    {
        var tested = Tested();
        var reasons = Reasons();
        var gaps = ServiceShalls().Where(id => !tested.ContainsKey(id) && !reasons.ContainsKey(id)).ToList();
        gaps.ShouldBeEmpty("Service SHALLs with no test and no reason");
        ServiceShalls().Where(id => tested.ContainsKey(id) && reasons.ContainsKey(id)).ShouldBeEmpty("tested requirements still listed as untested");
        reasons.Keys.Where(id => !ServiceShalls().Contains(id)).ShouldBeEmpty("reasons for ids that are not Service SHALLs");
        reasons.Values.ShouldAllBe(r => r.Length > 20);
    }

    [Fact]
    public void Every_tag_names_a_requirement_of_the_sheet()
    {
        var all = File.ReadAllLines(Sheet).Skip(1).Select(l => l.Split('\t')[0]).ToHashSet(StringComparer.Ordinal);
        Tested().Keys.Where(id => !all.Contains(id)).ShouldBeEmpty();
    }
}
