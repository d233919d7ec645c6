namespace BackCare.CdsHooks.Tests;

/// <summary>The CDS Hooks 2.0 requirement (inferno-requirements id, e.g. "cds-hooks_2.0@4") a test checks.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class RequirementAttribute(params string[] ids) : Attribute
{
    public IReadOnlyList<string> Ids { get; } = [.. ids.Select(i => i.Contains('@', StringComparison.Ordinal) ? i : "cds-hooks_2.0@" + i)];
}
