import { Prisma } from "../../db/generated/client.js";
import { ConflictError } from "../../errors/gateway-errors.js";

/** Runs a create and turns a unique-constraint violation into CONFLICT (409). */
export async function createUnique<T>(what: string, create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConflictError(`${what} already exists.`);
    }
    throw error;
  }
}
