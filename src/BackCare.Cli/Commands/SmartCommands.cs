using System.CommandLine;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using BackCare.App.Data;
using BackCare.App.Smart;
using BackCare.Clinical.Common;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.Cli.Commands;

/// <summary>
/// <c>backcare smart client add --client-id ID --name NAME --redirect-uri URI [--confidential]</c>: registers a SMART app
/// in the database the web nodes share. A public app (the default) proves itself with PKCE only; a confidential one also
/// gets a generated secret, printed once.
/// </summary>
public static class SmartCommands
{
    public static Command Build(CliConsole console)
    {
        var command = new JitOnlyCommand("smart", "SMART on FHIR apps allowed to ask for access");
        var client = new Command("client", "SMART client applications");
        var clientId = new Option<string>("--client-id") { Description = "The app's client id", Required = true };
        var name = new Option<string>("--name") { Description = "The name shown to people on the consent page", Required = true };
        var redirect = new Option<string[]>("--redirect-uri") { Description = "Where the app receives the code (https, or http on localhost); repeatable", Required = true, AllowMultipleArgumentsPerToken = true };
        var confidential = new Option<bool>("--confidential") { Description = "A server-side app: generate a client secret (printed once)" };
        var dataDir = new Option<string?>("--data-dir") { Description = "SQLite data folder (default: as the web host, BackCare:Storage settings)" };
        var json = CommonOptions.Json();
        var add = new Command("add", "Register a SMART app (authorization code with PKCE; scopes patient/*.rs, user/*.rs, openid, fhirUser, launch/patient, offline_access)")
        {
            clientId, name, redirect, confidential, dataDir, json,
        };
        add.SetAction(async (parse, ct) =>
        {
            if (!RuntimeFeature.IsDynamicCodeSupported) throw JitOnlyCommand.NotInNativeProcess();
            var uris = new List<Uri>();
            foreach (var text in parse.GetValue(redirect) ?? [])
            {
                if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)) return Usage.Fail(console, ValidationError.Invalid("redirect-uri", $"'{text}' is not an absolute URI"));
                uris.Add(uri);
            }

            var secret = parse.GetValue(confidential) ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) : null;
            await using var services = OperatorServices.Build(parse.GetValue(dataDir));
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(ct);
            var added = await scope.ServiceProvider.GetRequiredService<SmartClients>().AddAsync(new SmartClient(parse.GetValue(clientId)!, parse.GetValue(name)!, uris, secret), ct);
            if (!added.Succeeded) return Usage.Fail(console, ValidationError.Invalid(added.Problems[0].Field, added.Problems[0].Message));
            if (parse.GetValue(json)) CliJson.Write(console.Out, new { client_id = added.Value, client_type = secret is null ? "public" : "confidential", client_secret = secret });
            else
            {
                console.Out.WriteLine($"Registered {(secret is null ? "public" : "confidential")} SMART app '{added.Value}'.");
                if (secret is not null) console.Out.WriteLine($"Client secret (shown once, keep it safe): {secret}");
            }

            return ExitCodes.Success;
        });
        client.Subcommands.Add(add);
        command.Subcommands.Add(client);
        return command;
    }
}
