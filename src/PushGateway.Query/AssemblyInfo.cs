namespace PushGateway.Query;
