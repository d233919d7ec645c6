namespace BackCare.App.CdsHooks;

/// <summary>
/// Reads an RxNorm release (RXNCONSO.RRF and RXNREL.RRF, pipe-delimited, the layout of the full
/// release and of "RxNorm Current Prescribable Content") into product-to-ingredient rows: each
/// clinical or branded drug (SCD, SBD) and pack (GPCK, BPCK) is followed to its ingredients (IN)
/// through consists_of / constitutes (drug components), tradename_of / has_tradename (branded to
/// clinical), contains / contained_in (packs) and has_ingredient / ingredient_of. Relationship rows
/// are read in both directions and oriented by term type, so either RXNREL reading gives the same map.
/// </summary>
public static class RxNormRrf
{
    private static readonly HashSet<string> ProductTypes = new(StringComparer.Ordinal) { "SCD", "SBD", "GPCK", "BPCK" };
    private static readonly HashSet<string> ComponentTypes = new(StringComparer.Ordinal) { "SCD", "SBD", "SCDC", "SBDC" };
    private static readonly HashSet<string> StructuralRelations = new(StringComparer.Ordinal)
        { "consists_of", "constitutes", "tradename_of", "has_tradename", "contains", "contained_in" };
    private static readonly HashSet<string> IngredientRelations = new(StringComparer.Ordinal) { "has_ingredient", "ingredient_of" };

    /// <summary>Finds the two files in DIR (or DIR/rrf, as in the release zip), in any letter case.</summary>
    public static (string Conso, string Rel) Locate(string directory)
    {
        foreach (var folder in new[] { directory, Path.Combine(directory, "rrf") })
        {
            if (!Directory.Exists(folder)) continue;
            var files = Directory.GetFiles(folder);
            var conso = files.FirstOrDefault(f => Path.GetFileName(f).Equals("RXNCONSO.RRF", StringComparison.OrdinalIgnoreCase));
            var rel = files.FirstOrDefault(f => Path.GetFileName(f).Equals("RXNREL.RRF", StringComparison.OrdinalIgnoreCase));
            if (conso is not null && rel is not null) return (conso, rel);
        }

        throw new FileNotFoundException($"RXNCONSO.RRF and RXNREL.RRF were not found in {directory} (or its rrf folder)");
    }

    public static IReadOnlyList<(string Product, string Ingredient, string Name)> Read(TextReader conso, TextReader rel)
    {
        // RXNCONSO: RXCUI|LAT|TS|LUI|STT|SUI|ISPREF|RXAUI|SAUI|SCUI|SDUI|SAB|TTY|CODE|STR|SRL|SUPPRESS|CVF|
        var types = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var line = conso.ReadLine(); line is not null; line = conso.ReadLine())
        {
            var f = line.Split('|');
            if (f.Length < 15 || f[11] != "RXNORM") continue;
            if (!types.TryGetValue(f[0], out var set)) types[f[0]] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(f[12]);
            if (f[12] == "IN") names[f[0]] = f[14];
        }

        // RXNREL: RXCUI1|RXAUI1|STYPE1|REL|RXCUI2|RXAUI2|STYPE2|RELA|RUI|SRUI|SAB|SL|DIR|RG|SUPPRESS|CVF|
        var structural = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var ingredients = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var line = rel.ReadLine(); line is not null; line = rel.ReadLine())
        {
            var f = line.Split('|');
            if (f.Length < 11 || f[10] != "RXNORM" || f[0].Length == 0 || f[4].Length == 0) continue;
            var target = StructuralRelations.Contains(f[7]) ? structural : IngredientRelations.Contains(f[7]) ? ingredients : null;
            if (target is null) continue;
            Add(target, f[0], f[4]);
            Add(target, f[4], f[0]);
        }

        bool Is(string cui, string tty) => types.TryGetValue(cui, out var t) && t.Contains(tty);
        bool IsAny(string cui, HashSet<string> set) => types.TryGetValue(cui, out var t) && t.Overlaps(set);

        var rows = new List<(string, string, string)>();
        foreach (var (cui, tty) in types)
        {
            if (!tty.Overlaps(ProductTypes)) continue;
            var seen = new HashSet<string>(StringComparer.Ordinal) { cui };
            var queue = new Queue<string>([cui]);
            while (queue.Count > 0)
            {
                var current = queue.Dequeue();
                foreach (var next in structural.GetValueOrDefault(current) ?? [])
                {
                    if (IsAny(next, ComponentTypes) && seen.Add(next)) queue.Enqueue(next);
                }
            }

            var found = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var component in seen)
            {
                foreach (var candidate in ingredients.GetValueOrDefault(component) ?? [])
                {
                    if (Is(candidate, "IN")) found.Add(candidate);
                }
            }

            foreach (var ingredient in found) rows.Add((cui, ingredient, names.GetValueOrDefault(ingredient, ingredient)));
        }

        rows.Sort((a, b) => string.CompareOrdinal(a.Item1 + "|" + a.Item2, b.Item1 + "|" + b.Item2));
        return rows;
    }

    private static void Add(Dictionary<string, List<string>> map, string from, string to)
    {
        if (!map.TryGetValue(from, out var list)) map[from] = list = [];
        list.Add(to);
    }
}
