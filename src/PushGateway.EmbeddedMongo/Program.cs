// Standalone entry point: `dotnet run --project src/PushGateway.EmbeddedMongo -- --port 27017 [--bind 127.0.0.1] [--dbpath DIR]`.
// Being built; see README.md of this project.
return 0;
