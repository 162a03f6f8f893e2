// Fingerprint state in the report bucket (`state/` prefix), for the nightly stack: the same small
// get/put interface as the local state directory. The S3 client is passed in, never created here.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import type { StateStorage } from "./storage.ts";

export interface S3StateStorageOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix of the state area; ends with "/". */
  prefix?: string;
}

export class S3StateStorage implements StateStorage {
  private readonly prefix: string;

  constructor(private readonly options: S3StateStorageOptions) {
    this.prefix = options.prefix ?? "state/";
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      const answer = await this.options.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.prefix + key }),
      );
      return answer.Body ? await answer.Body.transformToByteArray() : new Uint8Array(0);
    } catch (error) {
      if (
        error instanceof S3ServiceException &&
        (error.name === "NoSuchKey" || error.$metadata.httpStatusCode === 404)
      )
        return null;
      throw error;
    }
  }

  /** A PUT replaces an object whole: readers see the old bytes or the new ones. */
  async put(key: string, bytes: Uint8Array): Promise<void> {
    await this.options.client.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: this.prefix + key,
        Body: bytes,
        ContentType: "application/octet-stream",
      }),
    );
  }

  async delete(key: string): Promise<void> {
    await this.options.client.send(
      new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.prefix + key }),
    );
  }
}
