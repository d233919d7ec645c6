using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using BackCare.App.CdsHooks;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;
using BackCare.CdsHooks.Protocol;

namespace BackCare.CdsHooks.Cards;

/// <summary>How a medication was recognised; every card says which (public interface: extend, never rename).</summary>
public enum RecognitionRoute
{
    /// <summary>An RxNorm product code found in the RxNorm release the operator imported (backcare terminology import).</summary>
    RxNormImport,

    /// <summary>An RxNorm ingredient code listed with the drug in data/drugs.</summary>
    IngredientCode,

    /// <summary>An RxNorm product code in data/products.yaml (public value sets and examples, with provenance).</summary>
    ProductTable,

    /// <summary>The coding's display or the concept's text, through the medication recogniser.</summary>
    DisplayText,

    None,
}

/// <summary>A medication of the request as recognised: BackCare ingredient ids, the route, the label shown.</summary>
public sealed record ResolvedMedication(string Label, string? Code, ImmutableArray<string> Ingredients, RecognitionRoute Route, string? DidYouMean)
{
    public bool IsRecognized => !Ingredients.IsEmpty;

    public string RouteText => Route switch
    {
        RecognitionRoute.RxNormImport => $"RxNorm {Code} in the imported RxNorm release",
        RecognitionRoute.IngredientCode => $"RxNorm ingredient code {Code} (data/drugs)",
        RecognitionRoute.ProductTable => $"RxNorm product code {Code} (data/products.yaml)",
        RecognitionRoute.DisplayText => "the medication name as written",
        _ => "not recognised",
    };
}

/// <summary>A medication's codings and text, as sent (MedicationRequest, MedicationStatement or Medication).</summary>
public sealed record MedicationConcept(ImmutableArray<(string System, string Code, string? Display)> Codings, string? Text)
{
    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";

    public IEnumerable<string> RxNormCodes => Codings.Where(c => c.System == RxNorm).Select(c => c.Code);

    public static MedicationConcept From(JsonElement concept)
    {
        if (concept.ValueKind != JsonValueKind.Object) return new MedicationConcept([], null);
        var codings = ImmutableArray<(string, string, string?)>.Empty;
        string? lastDisplay = null;
        if (concept.TryGetProperty("coding"u8, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            var builder = ImmutableArray.CreateBuilder<(string, string, string?)>(list.GetArrayLength());
            foreach (var c in list.EnumerateArray())
            {
                if (CdsRequestParser.String(c, "code"u8) is not { } code) continue;
                lastDisplay = CdsRequestParser.String(c, "display"u8);
                builder.Add((CdsRequestParser.String(c, "system"u8) ?? "", code.Trim(), lastDisplay));
            }

            codings = builder.DrainToImmutable();
        }

        // The text is often the display again: the same string is kept rather than a second copy.
        string? text = null;
        if (concept.TryGetProperty("text"u8, out var t) && t.ValueKind == JsonValueKind.String)
        {
            text = lastDisplay is not null && t.ValueEquals(lastDisplay) ? lastDisplay : t.GetString();
        }

        return new MedicationConcept(codings, text);
    }
}

/// <summary>
/// Maps RxNorm product codes and names to BackCare ingredients, in order: (1) the imported RxNorm
/// release (database, cached for ten minutes), (2) the codes in data/ (ingredient codes, then the
/// product table), (3) the coding's display or the concept's text through the recogniser (exact names
/// and brands only: a typo-level guess is reported as unrecognised with its "did you mean").
/// </summary>
public sealed class MedicationResolver(EvidenceBase evidence, MedicationRecognizer recognizer, RxNormMapCache cache)
{
    /// <summary>Resolves the concepts; <paramref name="store"/> is asked for only when a code is not in the cache.</summary>
    public async Task<IReadOnlyList<ResolvedMedication>> ResolveAsync(IReadOnlyList<MedicationConcept> concepts, Func<CdsHooksStore> store, CancellationToken cancellationToken)
    {
        var codes = concepts.SelectMany(c => c.RxNormCodes).Where(c => c.Length is > 0 and <= 20 && c.All(char.IsAsciiDigit)).Distinct(StringComparer.Ordinal).ToList();
        var imported = await cache.LookupAsync(codes, store, cancellationToken);
        return ResolveWith(concepts, imported);
    }

    /// <summary>Resolution once the imported map has been read (benchmarks call this directly).</summary>
    public IReadOnlyList<ResolvedMedication> ResolveWith(IReadOnlyList<MedicationConcept> concepts, IReadOnlyDictionary<string, IReadOnlyList<(string Rxcui, string Name)>> imported) =>
        [.. concepts.Select(c => Resolve(c, imported))];

    private ResolvedMedication Resolve(MedicationConcept concept, IReadOnlyDictionary<string, IReadOnlyList<(string Rxcui, string Name)>> imported)
    {
        var label = concept.Text ?? concept.Codings.Select(c => c.Display).FirstOrDefault(d => d is not null) ?? concept.Codings.Select(c => c.Code).FirstOrDefault() ?? "(no medication code or text)";
        // Loops over the codings rather than RxNormCodes: this runs for every medication of every call.
        if (imported.Count > 0)
        {
            foreach (var (system, code, _) in concept.Codings)
            {
                if (system != MedicationConcept.RxNorm || !imported.TryGetValue(code, out var ingredients)) continue;
                var ids = ingredients.Select(i => evidence.DrugByRxNorm(i.Rxcui)?.Id ?? Exact(i.Name)).OfType<string>().Distinct(StringComparer.Ordinal).ToImmutableArray();
                if (!ids.IsEmpty) return new ResolvedMedication(label, code, ids, RecognitionRoute.RxNormImport, null);
            }
        }

        foreach (var (system, code, _) in concept.Codings)
        {
            if (system != MedicationConcept.RxNorm) continue;
            if (evidence.DrugByRxNorm(code) is { } drug && drug.RxNorm!.IsConfirmed) return new ResolvedMedication(label, code, [drug.Id], RecognitionRoute.IngredientCode, null);
            if (evidence.Product(code) is { } product) return new ResolvedMedication(label, code, product.Ingredients, RecognitionRoute.ProductTable, null);
        }

        string? didYouMean = null;
        foreach (var text in concept.Codings.Select(c => c.Display).Append(concept.Text).OfType<string>())
        {
            var recognized = recognizer.Recognize(text);
            if (recognized.IsRecognized && recognized.Match != MatchKind.Fuzzy) return new ResolvedMedication(label, null, recognized.Ingredients, RecognitionRoute.DisplayText, null);
            didYouMean ??= recognized.DidYouMean;
        }

        return new ResolvedMedication(label, concept.RxNormCodes.FirstOrDefault(), [], RecognitionRoute.None, didYouMean);
    }

    private string? Exact(string name) => recognizer.Recognize(name) is { IsRecognized: true, Match: not MatchKind.Fuzzy } r ? r.Ingredients[0] : null;
}

/// <summary>The imported RxNorm map, cached per code (found or not) for ten minutes, so most calls read no table.</summary>
public sealed class RxNormMapCache(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, (IReadOnlyList<(string, string)> Ingredients, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    /// <summary>The cached ingredients of each code; <paramref name="store"/> (a database context) is created only for codes not cached.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<(string Rxcui, string Name)>>> LookupAsync(IReadOnlyList<string> codes, Func<CdsHooksStore> store, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var result = new Dictionary<string, IReadOnlyList<(string, string)>>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var code in codes)
        {
            if (_cache.TryGetValue(code, out var hit) && hit.Until > now)
            {
                if (hit.Ingredients.Count > 0) result[code] = hit.Ingredients;
            }
            else
            {
                missing.Add(code);
            }
        }

        if (missing.Count == 0) return result;
        var found = await store().IngredientsAsync(missing, cancellationToken);
        foreach (var code in missing)
        {
            var ingredients = found.GetValueOrDefault(code) ?? [];
            _cache[code] = (ingredients, now + Lifetime);
            if (ingredients.Count > 0) result[code] = ingredients;
        }

        return result;
    }

    /// <summary>Forgets everything (after an import in this process).</summary>
    public void Clear() => _cache.Clear();
}
