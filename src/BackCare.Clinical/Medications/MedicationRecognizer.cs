using System.Collections.Frozen;
using System.Collections.Immutable;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.Medications;

/// <summary>
/// Recognises medicines as people type them: generic and brand names (US and UK), synonyms, salts,
/// strengths, forms and any case ("valium 5 mg tablet", "OXYCONTIN 10mg"), RxNorm ingredient and
/// product codes, combination products, and typos ("Siazepam" -> diazepam) with a confidence and a
/// "did you mean". Unknown names come back with <see cref="MatchKind.None"/>, never dropped.
/// Built once per evidence base; recognition is pure.
/// </summary>
public sealed class MedicationRecognizer
{
    private const int MaxWords = 4;
    private readonly EvidenceBase _evidence;
    private readonly FrozenDictionary<string, KnownName> _names;
    private readonly FrozenDictionary<string, KnownName>.AlternateLookup<ReadOnlySpan<char>> _byName;
    private readonly string[] _fuzzyKeys;
    private readonly Dictionary<string, RecognizedMedication> _byId;

    public MedicationRecognizer(EvidenceBase evidence)
    {
        _evidence = evidence;
        var names = new Dictionary<string, KnownName>(StringComparer.Ordinal);
        foreach (var drug in evidence.Drugs)
        {
            foreach (var name in new[] { drug.Id, drug.Name }.Concat(drug.Synonyms)) names.TryAdd(Normalize(name), new KnownName([drug.Id], false));
        }

        foreach (var drug in evidence.Drugs)
        {
            foreach (var brand in drug.Brands.Us.Concat(drug.Brands.Uk)) names.TryAdd(Normalize(brand), new KnownName([drug.Id], true));
        }

        foreach (var combination in evidence.Combinations) names.TryAdd(Normalize(combination.Name), new KnownName(combination.Ingredients, true));

        // Brands in square brackets in shipped RxNorm product names ("... [Percocet]").
        foreach (var product in evidence.Products)
        {
            var open = product.Display.LastIndexOf('[');
            if (open >= 0 && product.Display.EndsWith(']')) names.TryAdd(Normalize(product.Display[(open + 1)..^1]), new KnownName(product.Ingredients, true));
        }

        _names = names.ToFrozenDictionary(StringComparer.Ordinal);
        _byName = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        _fuzzyKeys = [.. _names.Keys.Where(k => k.Length >= 4)];

        // The engine's own ids (what the CDS service and the checker pass along once a medication is resolved) are
        // recognised once here, by the same path as any other text, and answered from this table afterwards.
        _byId = new Dictionary<string, RecognizedMedication>(StringComparer.Ordinal);
        foreach (var drug in evidence.Drugs) _byId[drug.Id] = RecognizeText(drug.Id);
    }

    /// <summary>Shared recogniser for the embedded evidence base.</summary>
    public static MedicationRecognizer Default => DefaultInstance.Value;

    private static readonly Lazy<MedicationRecognizer> DefaultInstance = new(() => new MedicationRecognizer(EmbeddedEvidence.Default));

    public RecognizedMedication Recognize(string input) => _byId.TryGetValue(input, out var known) ? known : RecognizeText(input);

    /// <summary>Names, brands, codes and typos, word by word (see the class summary).</summary>
    private RecognizedMedication RecognizeText(string input)
    {
        var text = input.Trim();
        if (text.Length == 0) return None(input, null);
        if (IsDigits(text)) return FromCode(input, text, display: null);

        var normalized = Normalize(text);
        Span<Range> tokens = stackalloc Range[32];
        var count = Tokenize(normalized, tokens);
        ImmutableArray<string> first = default;
        ImmutableArray<string>.Builder? found = null;
        var anyBrand = false;
        string? firstName = null;
        var start = 0;
        while (start < count)
        {
            var matched = false;
            for (var words = Math.Min(MaxWords, count - start); words >= 1; words--)
            {
                var span = normalized.AsSpan()[tokens[start].Start.Value..tokens[start + words - 1].End.Value];
                if (_byName.TryGetValue(span, out var hit))
                {
                    if (first.IsDefault)
                    {
                        first = hit.Ingredients;
                    }
                    else
                    {
                        found ??= ImmutableArray.CreateBuilder<string>();
                        if (found.Count == 0) found.AddRange(first);
                        foreach (var id in hit.Ingredients)
                        {
                            if (!found.Contains(id)) found.Add(id);
                        }
                    }

                    anyBrand |= hit.Brand;
                    firstName ??= words == count ? normalized : span.ToString();
                    start += words;
                    matched = true;
                    break;
                }
            }

            if (!matched) start++;
        }

        if (!first.IsDefault)
        {
            var ingredients = found is null ? first : found.ToImmutable();
            return new RecognizedMedication(input, ingredients, anyBrand ? MatchKind.Brand : MatchKind.Exact, 1.0, null, firstName);
        }

        return Fuzzy(input, normalized, tokens[..count]);
    }

    /// <summary>An RxNorm code, optionally with the display text that came with it (FHIR codings).</summary>
    public RecognizedMedication FromCode(string input, string code, string? display)
    {
        if (_evidence.DrugByRxNorm(code) is { } drug)
        {
            if (drug.RxNorm!.IsConfirmed) return new RecognizedMedication(input, [drug.Id], MatchKind.Code, 1.0, null, code);

            // An unconfirmed code is never taken as certain: the display that came with it decides when it can,
            // and otherwise the match is kept (so safety checks still run) at half confidence and says why.
            if (display is not null && Recognize(display) is { IsRecognized: true, Match: not MatchKind.Fuzzy } named)
            {
                return named with { Input = input, Match = MatchKind.Code };
            }

            return new RecognizedMedication(input, [drug.Id], MatchKind.Code, 0.5, null, $"{code} (RxNorm code not confirmed)");
        }

        if (_evidence.Product(code) is { } product)
        {
            return new RecognizedMedication(input, product.Ingredients, MatchKind.Code, 1.0, null, code);
        }

        if (display is not null)
        {
            var byName = Recognize(display);
            if (byName.IsRecognized && byName.Match != MatchKind.Fuzzy) return byName with { Input = input, Match = MatchKind.Code };
        }

        return None(input, null);
    }

    private RecognizedMedication Fuzzy(string input, string normalized, ReadOnlySpan<Range> tokens)
    {
        (string Key, ImmutableArray<string> Ingredients, int Distance, int Length)? best = null;
        foreach (var range in tokens)
        {
            var token = normalized.AsSpan()[range];
            if (token.Length < 4) continue;
            foreach (var key in _fuzzyKeys)
            {
                if (Math.Abs(key.Length - token.Length) > 3) continue;
                var distance = BackCare.Clinical.Evidence.Fuzzy.Distance(token, key);
                if (best is null || distance < best.Value.Distance) best = (key, _names[key].Ingredients, distance, Math.Max(key.Length, token.Length));
            }
        }

        if (best is not { } b || b.Distance > 3) return None(input, null);
        var confidence = Math.Round(1.0 - ((double)b.Distance / b.Length), 2);
        if (confidence < 0.7) return None(input, null);
        var allowed = b.Length >= 7 ? 2 : 1;
        var suggestion = _evidence.DrugById(b.Ingredients[0])!.Name;
        return b.Distance <= allowed
            ? new RecognizedMedication(input, b.Ingredients, MatchKind.Fuzzy, confidence, suggestion, b.Key)
            : None(input, suggestion) with { Confidence = confidence };
    }

    private static RecognizedMedication None(string input, string? didYouMean) => new(input, [], MatchKind.None, 0, didYouMean, null);

    private static bool IsDigits(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
        }

        return true;
    }

    /// <summary>Lower case; letters kept; digits dropped with what follows them (strengths); everything else a single space.</summary>
    internal static string Normalize(string text)
    {
        Span<char> buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        var pendingSpace = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                // A strength such as "10mg", "0.5 mg", "325": skip the number and a unit glued to it.
                while (i + 1 < text.Length && (char.IsAsciiDigit(text[i + 1]) || text[i + 1] is '.' or ',' or '/')) i++;
                while (i + 1 < text.Length && char.IsAsciiLetter(text[i + 1])) i++;
                pendingSpace = length > 0;
                continue;
            }

            if (char.IsLetter(c))
            {
                if (pendingSpace) buffer[length++] = ' ';
                pendingSpace = false;
                buffer[length++] = char.ToLowerInvariant(c);
            }
            else if (c == '\'' || c == '’')
            {
                // "St John's" -> "st johns"
            }
            else
            {
                pendingSpace = length > 0;
            }
        }

        return new string(buffer[..length]);
    }

    private static int Tokenize(string normalized, Span<Range> tokens)
    {
        var count = 0;
        var start = 0;
        for (var i = 0; i <= normalized.Length && count < tokens.Length; i++)
        {
            if (i == normalized.Length || normalized[i] == ' ')
            {
                if (i > start) tokens[count++] = new Range(start, i);
                start = i + 1;
            }
        }

        return count;
    }
}

/// <summary>
/// What a known name stands for. A class, not a tuple: collections keyed by string with reference values share the
/// framework's precompiled code, so the CLI's start-up compiles nothing for them (ADR 0010).
/// </summary>
internal sealed record KnownName(ImmutableArray<string> Ingredients, bool Brand);
