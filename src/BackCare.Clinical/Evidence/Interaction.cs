using System.Collections.Immutable;

namespace BackCare.Clinical.Evidence;

/// <summary>Severity scale shared by every medication finding.</summary>
public enum Severity
{
    Critical,
    Major,
    Moderate,
    Minor,
    Info,
}

/// <summary>Matches a medicine by class (including ancestors) or by ingredient id.</summary>
public sealed record DrugSelector(ImmutableArray<string> Classes, ImmutableArray<string> Ingredients)
{
    public bool Matches(Drug drug) =>
        Ingredients.Contains(drug.Id) || Classes.Any(drug.IsIn);
}

/// <summary>An interaction rule: fires when each selector matches a distinct medicine.</summary>
public sealed record InteractionRule(
    string Id,
    string Title,
    ImmutableArray<DrugSelector> Between,
    Severity Severity,
    string Summary,
    string Detail,
    string Advice,
    ImmutableArray<string> Sources);
