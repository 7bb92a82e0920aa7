using System.Security.Cryptography;
using ApiStudio.Engine.Admin;
using ApiStudio.Engine.Http;
using ApiStudio.Engine.Resources;
using ApiStudio.Engine.Security;
using ApiStudio.Engine.Storage;
using ApiStudio.Engine.Storage.Mappers;
using ApiStudio.Engine.Storage.Migrations;
using ApiStudio.Engine.Validation;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiStudio.Engine.Hosting;

/// <summary>
/// What happens when the host starts: migrations, the token signing key; on an empty database the core account and application,
/// the examples account and application, the administrator (password from configuration, else generated and
/// printed once) and the import of the shipped resources and event scripts; then the route table is loaded.
/// </summary>
public sealed class FirstStart(
    Database database,
    Migrator migrator,
    ResourceRegistry registry,
    IPasswordHasher<UserRow> passwords,
    SigningKeySource signingKeys,
    ScriptFiles scripts,
    IOptions<ApiStudioOptions> options,
    ILogger<FirstStart> logger)
{
    /// <summary>The account of the admin API.</summary>
    public const string CoreAccount = "apistudio";

    /// <summary>The application of the admin API.</summary>
    public const string CoreApplication = "core";

    /// <summary>The account of the shipped examples.</summary>
    public const string ExamplesAccount = "examples";

    /// <summary>The application of the shipped examples.</summary>
    public const string ExamplesApplication = "demo";

    /// <summary>Brings the database up to date, seeds it when new, and loads the route table.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
        // Generates (or checks the configured) token signing key now: a bad key stops the start, not the first sign-in.
        await signingKeys.GetAsync().ConfigureAwait(false);
        var seeded = await database.InTransactionAsync(SeedAsync, cancellationToken).ConfigureAwait(false);
        await registry.ReloadAsync(cancellationToken).ConfigureAwait(false);
        if (seeded)
        {
            await ImportShippedResourcesAsync(cancellationToken).ConfigureAwait(false);
            await ImportShippedScriptsAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Seeds an empty database; false when it was seeded before.</summary>
    private async Task<bool> SeedAsync(DbSession db)
    {
        if (await AccountMapper.FindByNameAsync(db, CoreAccount).ConfigureAwait(false) is not null)
        {
            return false;
        }
        var core = await AccountMapper.CreateAsync(db, CoreAccount).ConfigureAwait(false);
        await ApplicationMapper.CreateAsync(db, core.Accid, CoreApplication).ConfigureAwait(false);
        var examples = await AccountMapper.CreateAsync(db, ExamplesAccount).ConfigureAwait(false);
        await ApplicationMapper.CreateAsync(db, examples.Accid, ExamplesApplication).ConfigureAwait(false);

        var admin = options.Value.Admin;
        var password = string.IsNullOrEmpty(admin.Password) ? GeneratePassword() : admin.Password;
        var user = await UserMapper.CreateAsync(db, admin.UserName, null, "pending").ConfigureAwait(false);
        await UserMapper.SetPasswordHashAsync(db, user.Uid, passwords.HashPassword(user, password)).ConfigureAwait(false);
        var administrator = await RoleMapper.FindByNameAsync(db, "Administrator").ConfigureAwait(false);
        await UserRoleMapper.CreateAsync(db, user.Uid, administrator!.Rid, null, null).ConfigureAwait(false);
        // A host already running on this database (started before the seeding) learns of the new applications.
        await registry.Changes.AnnounceAsync(db, ChangeFeed.Applications, 0).ConfigureAwait(false);
        if (string.IsNullOrEmpty(admin.Password))
        {
            // Printed once, on the console only: never logged to files and never stored in clear.
            Console.WriteLine();
            Console.WriteLine($"ApiStudio administrator: user '{admin.UserName}', password '{password}' (shown once; change it).");
            Console.WriteLine();
        }
        logger.LogInformation("Created the {Account}/{Application} and {Examples}/{Demo} applications and the administrator {User}",
            CoreAccount, CoreApplication, ExamplesAccount, ExamplesApplication, admin.UserName);
        return true;
    }

    /// <summary>Imports <c>core/</c> and <c>examples/</c> of the resources folder; a bad file is logged and skipped.</summary>
    private async Task ImportShippedResourcesAsync(CancellationToken cancellationToken)
    {
        var root = options.Value.ResourcesPath;
        if (!Directory.Exists(root))
        {
            logger.LogWarning("Resources folder {Path} does not exist: nothing imported", Path.GetFullPath(root));
            return;
        }
        var imported = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) && !file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
                && !file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            try
            {
                var text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
                var (_, published) = await registry.PublishAsync(text, ResourceLoader.FormatOf(file), file, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                foreach (var warning in published.Resource.Warnings)
                {
                    logger.LogWarning("Resource file {File}: {Warning}", file, warning);
                }
                imported++;
            }
            catch (Exception ex) when (ex is ResourceLoadException or ResourceValidationException)
            {
                logger.LogError("Resource file {File} was not imported: {Problem}", file, ex.Message);
            }
        }
        logger.LogInformation("Imported {Count} resources from {Path}", imported, Path.GetFullPath(root));
    }

    /// <summary>
    /// Imports the event scripts of the resources folder, <c>scripts/{account}/{application}/{event name}.{js|cs|mjs|py}</c>
    /// (<see cref="ScriptFile"/>), after the resources; a bad file (an application that does not exist, a script that
    /// does not parse) is logged naming it and skipped.
    /// </summary>
    private async Task ImportShippedScriptsAsync(CancellationToken cancellationToken)
    {
        var files = ScriptFiles.Find(Path.Combine(options.Value.ResourcesPath, ScriptFile.Folder));
        if (files.Count == 0)
        {
            return;
        }
        var import = scripts.BeginImport();
        var imported = 0;
        foreach (var file in files)
        {
            var result = await import.ImportAsync(file, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded)
            {
                imported++;
                continue;
            }
            foreach (var problem in result.Problems)
            {
                logger.LogError("Script file {File} was not imported: {Problem}", file, problem);
            }
        }
        logger.LogInformation("Imported {Count} event scripts from {Path}", imported, Path.GetFullPath(Path.Combine(options.Value.ResourcesPath, ScriptFile.Folder)));
    }

    private static string GeneratePassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
}
