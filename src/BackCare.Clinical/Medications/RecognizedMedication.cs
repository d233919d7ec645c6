using System.Collections.Immutable;

namespace BackCare.Clinical.Medications;

/// <summary>How a medicine was recognised (public interface: extend, never rename).</summary>
public enum MatchKind
{
    Exact,
    Brand,
    Code,
    Fuzzy,
    None,
}

/// <summary>
/// One entry of a person's medication list as recognised. <see cref="Ingredients"/> holds every
/// ingredient of a combination product; <see cref="Ingredient"/> is the first.
/// </summary>
public sealed record RecognizedMedication(
    string Input,
    ImmutableArray<string> Ingredients,
    MatchKind Match,
    double Confidence,
    string? DidYouMean,
    string? MatchedName)
{
    public string? Ingredient => Ingredients.IsEmpty ? null : Ingredients[0];

    public bool IsRecognized => !Ingredients.IsEmpty;
}
