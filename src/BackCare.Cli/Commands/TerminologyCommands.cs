using System.CommandLine;
using System.Runtime.CompilerServices;
using BackCare.Clinical.Common;
using BackCare.App.CdsHooks;
using BackCare.App.Data;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.Cli.Commands;

/// <summary>
/// <c>backcare terminology import DIR</c>: reads an RxNorm release (RXNCONSO.RRF and RXNREL.RRF, e.g. the free
/// "RxNorm Current Prescribable Content") into the database, so the CDS Hooks services map the product codes
/// real EHRs send (SCD, SBD, packs) to their ingredients. Replaces any earlier import.
/// </summary>
public static class TerminologyCommands
{
    public static Command Build(CliConsole console)
    {
        var command = new JitOnlyCommand("terminology", "Terminology releases BackCare reads (RxNorm)");
        var dir = new Argument<string>("dir") { Description = "Folder holding RXNCONSO.RRF and RXNREL.RRF (or its rrf subfolder)" };
        var dataDir = new Option<string?>("--data-dir") { Description = "SQLite data folder (default: as the web host, BackCare:Storage settings)" };
        var json = CommonOptions.Json();
        var import = new Command("import", "Import RxNorm product-to-ingredient relationships into the database") { dir, dataDir, json };
        import.SetAction(async (parse, ct) =>
        {
            if (!RuntimeFeature.IsDynamicCodeSupported) throw JitOnlyCommand.NotInNativeProcess();
            (string Conso, string Rel) files;
            try
            {
                files = RxNormRrf.Locate(parse.GetValue(dir)!);
            }
            catch (FileNotFoundException ex)
            {
                return Usage.Fail(console, ValidationError.Invalid("dir", ex.Message));
            }

            IReadOnlyList<(string Product, string Ingredient, string Name)> rows;
            using (var conso = new StreamReader(files.Conso))
            using (var rel = new StreamReader(files.Rel))
            {
                rows = RxNormRrf.Read(conso, rel);
            }

            await using var services = OperatorServices.Build(parse.GetValue(dataDir));
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(ct);
            var stored = await scope.ServiceProvider.GetRequiredService<CdsHooksStore>().ReplaceRxNormMapAsync(rows, ct);
            var products = rows.Select(r => r.Product).Distinct(StringComparer.Ordinal).Count();
            if (parse.GetValue(json)) CliJson.Write(console.Out, new { products, relationships = stored });
            else console.Out.WriteLine($"Imported {products} RxNorm products ({stored} product-ingredient relationships) from {Path.GetDirectoryName(files.Conso)}.");
            return ExitCodes.Success;
        });
        command.Subcommands.Add(import);
        return command;
    }
}
