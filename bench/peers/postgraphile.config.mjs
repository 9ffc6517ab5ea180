// PostGraphile v5 as the peers' sitting ran it (production mode); bench/peers/run fills in
// the database URL and the port.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { PgSimplifyInflectionPreset } from "@graphile/simplify-inflection";
import { makePgService } from "postgraphile/adaptors/pg";

export default {
  extends: [PostGraphileAmberPreset, PgSimplifyInflectionPreset],
  pgServices: [
    makePgService({
      connectionString: "@URL@",
      schemas: ["public"],
      poolConfig: { max: 16 },
    }),
  ],
  schema: { defaultBehavior: "+list" },
  grafserv: { host: "127.0.0.1", port: @PORT@, graphiql: false, watch: false },
  grafast: { explain: false },
};
