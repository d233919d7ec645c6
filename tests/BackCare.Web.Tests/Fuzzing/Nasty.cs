using System.Globalization;
using CsCheck;

namespace BackCare.Tests.Fuzzing;

/// <summary>
/// Generators of hostile input for the property-based fuzzing of issue 13 §6 (shared by the web and CLI tests):
/// empty, huge, NaN/Infinity, negative, year 0001, unicode, control characters, markup and formula text, nulls in
/// JSON, wrong types and deep nesting, mixed with plausible values so the accepting paths are exercised too.
/// </summary>
public static class Nasty
{
    public static readonly string[] Strings =
    [
        "", " ", "\t", "\r\n", "a\nb", "NaN", "nan", "-NaN", "Infinity", "-Infinity", "∞", "1e308", "1e309", "-1e309", "4.9e-324", "-0", "-1", "0",
        "1", "10", "11", "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775808", "0x10", "1,5", "1.5", "1_000", "٣", "١٢",
        "0001-01-01", "0001-03-01", "9999-12-31", "0000-00-00", "2024-02-30", "2024-13-01", "1970-01-01", "2025-1-1", "01/02/2025", "24:00", "23:59",
        "99:99", "-01:00", "null", "true", "false", "undefined", "[]", "{}", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
        "' OR '1'='1", "'; DROP TABLE Users; --", "=HYPERLINK(\"http://evil.example\")", "@SUM(1)", "+1", "\u0000", "a\u0000b", "\uFEFF", "\u202Eevil",
        "e\u0301", "😀", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "İı", "ß", "\uD800", "../../etc/passwd", "%00", "%2e%2e%2f", "//evil.example", "/\\evil.example",
        "http://evil.example", "javascript:alert(1)", "delete", " DELETE ", "dеlete", "walking", "sciatica", "saddle_numbness", "diazepam", "Xanax 0.5mg",
    ];

    /// <summary>Unicode text, including astral characters and unpaired surrogates.</summary>
    public static readonly Gen<string> Unicode = Gen.Char[(char)1, (char)0xFFFF].Array[0, 40].Select(chars => new string(chars));

    public static readonly Gen<string> Huge = Gen.Select(Gen.Int[1_000, 200_000], Gen.OneOf("9", "x", "😀", "<b>", "\n", "é")).Select((n, s) =>
        string.Concat(Enumerable.Repeat(s, n / s.Length)));

    public static readonly Gen<string> Numberish = Gen.Frequency<string>(
        (3, Gen.Int[-20, 200].Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
        (1, Gen.Double.Special.Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
        (1, Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Double[-30, 30].Select(d => d.ToString("0.###", CultureInfo.InvariantCulture))));

    /// <summary>Dates around today, far away, and year 0001/9999.</summary>
    public static readonly Gen<string> Dateish = Gen.Frequency<string>(
        (4, Gen.Int[-2_500, 30].Select(d => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
        (1, Gen.DateOnly.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
        (1, Gen.Int[1, 600].Select(d => DateOnly.MinValue.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
        (1, Gen.Int[0, 600].Select(d => DateOnly.MaxValue.AddDays(-d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));

    /// <summary>Any hostile or odd text.</summary>
    public static readonly Gen<string> Text = Gen.Frequency<string>(
        (6, Gen.OneOf(Strings)),
        (3, Gen.String),
        (2, Unicode),
        (2, Numberish),
        (1, Dateish),
        (1, Huge));

    /// <summary>A value for one field: mostly what that field plausibly takes, often hostile.</summary>
    public static Gen<string> Field(Gen<string> plausible) => Gen.Frequency<string>((3, plausible), (2, Text));

    /// <summary>Form fields: each known field present (once or twice) or absent, plus stray fields that must not bind.</summary>
    public static Gen<KeyValuePair<string, string>[]> Form(IReadOnlyList<(string Name, Gen<string> Value)> fields)
    {
        var each = fields.Select(f => Gen.Frequency<KeyValuePair<string, string>[]>(
                (2, Gen.Const(Array.Empty<KeyValuePair<string, string>>())),
                (8, f.Value.Select(v => new[] { new KeyValuePair<string, string>(f.Name, v) })),
                (1, Gen.Select(f.Value, f.Value).Select((a, b) => new[] { new KeyValuePair<string, string>(f.Name, a), new(f.Name, b) }))))
            .ToArray();
        var stray = Gen.Select(Gen.OneOf("UserId", "Id", "Role", "role", "handler", "__proto__", "Email", "Date", "step", "x"), Text)
            .Select((k, v) => new KeyValuePair<string, string>(k, v)).Array[0, 2];
        return Gen.Select(Sequence(each), stray).Select((known, extra) => known.SelectMany(k => k).Concat(extra).ToArray());
    }

    private static Gen<T[]> Sequence<T>(Gen<T>[] gens) => gens.Aggregate(
        Gen.Const(Array.Empty<T>()),
        (acc, g) => Gen.Select(acc, g).Select((a, x) => (T[])[.. a, x]));

    // ---- JSON ----

    private static readonly Gen<string> JsonScalar = Gen.Frequency<string>(
        (3, Gen.OneOf("null", "true", "false", "0", "-1", "1", "-0", "1.5", "1e400", "-1e400", "1e-400", "2147483648", "9223372036854775808",
            "12345678901234567890123456789", "\"\"", "\"NaN\"", "\"Infinity\"", "\"0001-01-01\"", "\"9999-12-31\"", "\"2024-02-30\"", "\"\\u0000\"",
            "\"\\ud800\"", "\"😀\"", "\"=HYPERLINK(1)\"", "\"diazepam\"", "\"Xanax 0.5mg\"", "\"saddle_numbness\"", "\"sciatica\"", "\"walking\"",
            "\"phq9\"", "\"male\"", "\"other\"", "{}", "[]")),
        (2, Gen.Int[-5, 130].Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "1e999")),
        (2, Text.Select(s => System.Text.Json.JsonSerializer.Serialize(s))));

    private static readonly string[] Keys =
    [
        "age", "durationDays", "durationWeeks", "durationWeeksAtBaseline", "findings", "finding", "answers", "sleep", "hoursPerNight", "quality",
        "medications", "name", "rxnorm", "indication", "conditions", "preferences", "activities", "accessToPhysiotherapy", "timePerDayMinutes",
        "pregnant", "breastfeeding", "alcohol", "sex", "entries", "date", "pain", "anxiety", "sleepHours", "activityMinutes", "rmdq", "peg",
        "startback", "gad7", "gad2", "phq9", "phq2", "nrs", "resourceType", "questionnaire", "status", "item", "linkId", "answer", "valueInteger",
        "valueCoding", "code", "system", "valueDecimal", "valueString", "extension", "url", "", "__proto__", "AGE",
    ];

    /// <summary>A JSON value up to the given depth, with the schema's keys given random types.</summary>
    public static Gen<string> JsonValue(int depth)
    {
        if (depth == 0) return JsonScalar;
        var inner = JsonValue(depth - 1);
        var array = inner.Array[0, 5].Select(items => "[" + string.Join(",", items) + "]");
        var member = Gen.Select(Gen.Frequency<string>((5, Gen.OneOf(Keys)), (1, Text)), inner)
            .Select((k, v) => System.Text.Json.JsonSerializer.Serialize(k) + ":" + v);
        var obj = member.Array[0, 6].Select(members => "{" + string.Join(",", members) + "}");
        return Gen.Frequency<string>((3, JsonScalar), (2, array), (3, obj));
    }

    /// <summary>A whole input document: mostly objects with the command's own keys, sometimes garbage or deep nesting.</summary>
    public static Gen<string> JsonDocument(Gen<string> plausible) => Gen.Frequency<string>(
        (6, plausible),
        (4, JsonValue(3)),
        (1, Gen.Int[1, 5_000].Select(n => new string('[', n) + new string(']', n))),
        (1, Gen.Int[1, 3_000].Select(n => string.Concat(Enumerable.Repeat("{\"a\":", n)) + "1" + new string('}', n))),
        (1, Gen.OneOf("", " ", "NaN", "{\"age\": NaN}", "{\"age\": Infinity}", "{\"age\": 1,}", "{'age': 1}", "{\"age\":1}{\"age\":2}", "\uFEFF{}",
            "{", "]", "{\"age\":\"\\ud800\"}", "null", "[]", "\"text\"", "{\"age\":1, \"age\":2}", "// comment\n{}")),
        (1, Text));

    /// <summary>An object with some of the given keys, each with a plausible or hostile value.</summary>
    public static Gen<string> JsonObject(params (string Key, Gen<string> Value)[] members)
    {
        var each = members.Select(m => Gen.Frequency<string>(
            (1, Gen.Const("")),
            (4, Gen.Frequency<string>((3, m.Value), (1, JsonValue(2))).Select(v => System.Text.Json.JsonSerializer.Serialize(m.Key) + ":" + v)))).ToArray();
        var stray = Gen.Select(Gen.OneOf(Keys), JsonScalar).Select((k, v) => System.Text.Json.JsonSerializer.Serialize(k) + ":" + v).Array[0, 1];
        return Gen.Select(Sequence(each), stray).Select((known, extra) => "{" + string.Join(",", known.Where(k => k.Length > 0).Concat(extra)) + "}");
    }

    public static Gen<string> JsonArrayOf(Gen<string> item, int max = 12) => item.Array[0, max].Select(items => "[" + string.Join(",", items) + "]");

    public static Gen<string> JsonInt(int min, int max) => Gen.Int[min, max].Select(i => i.ToString(CultureInfo.InvariantCulture));

    public static Gen<string> JsonString(params string[] values) => Gen.OneOf(values).Select(v => System.Text.Json.JsonSerializer.Serialize(v));

    /// <summary>Shortens a failing input for the report (the whole 200 KB string helps no one).</summary>
    public static string Print(string value)
    {
        var shown = value.Length <= 300 ? value : value[..300];
        var visible = string.Concat(shown.Select(c => char.IsControl(c) || char.IsSurrogate(c) || c == '\uFEFF' || c == '\u202E' ? $"\\u{(int)c:X4}" : c.ToString()));
        return value.Length <= 300 ? visible : $"{visible}… ({value.Length} characters)";
    }

    public static string Print(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join("&", fields.Select(f => $"{f.Key}={Print(f.Value).Replace("\n", "\\n", StringComparison.Ordinal)}"));
}
