using System.Collections.Immutable;

namespace BackCare.Clinical.Evidence;

/// <summary>
/// The statement sections shared by drug classes and drug monographs. A drug's full monograph is
/// its own sections plus those of all its classes (see <see cref="EvidenceBase.Monograph"/>).
/// </summary>
public sealed record MonographSections(
    Statement? Summary,
    Statement? Mechanism,
    ImmutableArray<Statement> BackPain,
    ImmutableArray<Statement> Risks,
    ImmutableArray<Statement> BoxedWarnings,
    ImmutableArray<Statement> Contraindications,
    ImmutableArray<Statement> Pregnancy,
    ImmutableArray<Statement> Breastfeeding,
    ImmutableArray<Statement> OlderAdults,
    DurationStatement? MaxDuration)
{
    public static readonly MonographSections Empty = new(null, null, [], [], [], [], [], [], [], null);

    public IEnumerable<Statement> AllStatements()
    {
        if (Summary is not null) yield return Summary;
        if (Mechanism is not null) yield return Mechanism;
        foreach (var list in new[] { BackPain, Risks, BoxedWarnings, Contraindications, Pregnancy, Breastfeeding, OlderAdults })
        {
            foreach (var s in list) yield return s;
        }

        if (MaxDuration is not null) yield return MaxDuration.Statement;
    }
}

/// <summary>A group of medicines (benzodiazepines, NSAIDs, strong CYP3A4 inhibitors ...).</summary>
public sealed record DrugClass(string Id, string Name, ImmutableArray<string> Parents, MonographSections Sections);

/// <summary>How far a code was checked: only <see cref="VerifiedShipped"/> counts as verified.</summary>
public enum CodeCheck
{
    /// <summary>Seen beside the ingredient in a file shipped with the tests (tests/fixtures/external).</summary>
    VerifiedShipped,

    /// <summary>Seen beside the ingredient in a named public RxNorm-keyed table (repository, file, line, commit in <c>seen_in</c>).</summary>
    CheckedExternal,

    /// <summary>From memory; must be confirmed before a rule depends on it.</summary>
    Unverified,
}

/// <summary>A code (RxNorm RXCUI or ATC) and how far it was checked.</summary>
public sealed record CheckedCode(string Code, CodeCheck Check, string? SeenIn)
{
    public bool IsVerified => Check == CodeCheck.VerifiedShipped;

    /// <summary>
    /// The gate for using a code as certain (docs/clinical/evidence-base.md, "RxNorm codes"): seen in a shipped file
    /// or in a named public table. Only a confirmed code is emitted in FHIR or matches an order on the code alone.
    /// </summary>
    public bool IsConfirmed => Check is CodeCheck.VerifiedShipped || (Check == CodeCheck.CheckedExternal && SeenIn is not null);
}

/// <summary>Brand names by market.</summary>
public sealed record Brands(ImmutableArray<string> Us, ImmutableArray<string> Uk);

/// <summary>One medicine (or interacting substance such as alcohol).</summary>
/// <param name="Id">Ingredient id in snake_case, e.g. <c>diazepam</c>, <c>acetaminophen</c>.</param>
/// <param name="Name">Display name (paracetamol for acetaminophen).</param>
/// <param name="Classes">Direct classes as written in the data.</param>
/// <param name="AllClasses">Direct classes and all their ancestors.</param>
public sealed record Drug(
    string Id,
    string Name,
    ImmutableArray<string> Synonyms,
    ImmutableArray<string> Classes,
    ImmutableArray<string> AllClasses,
    CheckedCode? Atc,
    CheckedCode? RxNorm,
    Brands Brands,
    MonographSections Sections)
{
    public bool IsIn(string classId) => AllClasses.Contains(classId);
}
