package io.github.fpauth.user.shared;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where auth-user keeps its records: in files of this node, or in a store shared by several nodes. */
@ObjectClassDefinition(id = StoreConfig.PID, name = "fpauth auth-user store",
        description = "Where auth-user keeps users, sessions, access tokens and failed-login records. Changing it "
                + "restarts auth-user on the new store.")
public @interface StoreConfig {

    String PID = "io.github.fpauth.user.store";

    /** The value that keeps every record in files of this node. */
    String FILE = "file";

    @AttributeDefinition(name = "Store", description = "'file': files beside the user store, for one node (the "
            + "default). Any other value names a shared store service (property fpauth.store), e.g. 'jdbc' for "
            + "PostgreSQL (bundle io.github.fpauth.store.jdbc), which any number of nodes share. While the shared "
            + "store is missing or unreachable, protected routes answer 503.")
    String store() default FILE;
}
