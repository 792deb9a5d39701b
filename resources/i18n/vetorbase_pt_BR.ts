<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>BaseView</name>
    <message>
        <source>Nothing was added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ingestion cancelled: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ingestion finished: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DigestWords</name>
    <message>
        <source>Another Vetorbase window</source>
        <extracomment>The window writes as &quot;vetorbase-window@host&quot;; the CLI as &quot;vetorbase@host&quot; (clihelp.cli_origin).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A worker (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The program %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>added %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>added %Ln document(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>replaced %1 with a new version</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>replaced %Ln document(s) with new versions</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>removed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>removed %Ln document(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>added %Ln chunk(s) to existing documents</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>removed %Ln chunk(s) from documents that remain</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The base was changed by another program.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilterCompletion</name>
    <message>
        <source>this base has no metadata key “%1”; its keys are: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IngestPane</name>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chunks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop files or folders anywhere on the window, or use File › Add files… (Ctrl+I).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to add: the folders dropped hold no files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped: %v of %m files done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling… the file in progress is rolled back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%v of %m files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>working</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>splitting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>embedding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>storing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replaced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln added</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln replaced</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln skipped (unchanged)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln not added (cancelled)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LangChainImportDialog</name>
    <message>
        <source>Import a LangChain FAISS folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a LangChain FAISS folder. It will be imported into a new base at %2. The pickle is read as plain data; no code in it runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline default (512 dimensions)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ollama: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The index holds %1-dimensional vectors; choose the embedder that made them (searches embed your questions with it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the embedder that made the index (searches embed your questions with it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open base…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New base…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import &amp;LangChain FAISS folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove selected documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove by &amp;metadata…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Vetorbase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear recent bases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is no longer a Vetorbase base (moved or deleted); it was removed from Open recent. The current base stays open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a Vetorbase base or a LangChain FAISS folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a Vetorbase base. Use File › New base… to create one there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New base: choose a folder name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a file; choose a new folder name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already holds other files; choose a new or empty folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a LangChain FAISS folder (index.faiss + index.pkl)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 holds no index.faiss + index.pkl.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1 in %2 from %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add files to the base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a folder to the base</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling the ingestion…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select documents in the list first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove %1 (%2) from the base?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>too large: %1 MB (the limit is %2 MB for this type); raise “Largest file” in Settings to add it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too large: grew past %1 MB while being read; raise “Largest file” in Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too large: more than %1 characters of text; raise “Largest file” in Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unsupported file type %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unchanged since it was last added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file disappeared before it could be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read it: permission denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encrypted PDF: a password is needed to read it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>damaged PDF: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>damaged Word file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no text found%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the embedder failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled; nothing of it was stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled before it started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no supported content found in this file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept in the queue for the next start</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RemovalDialog</name>
    <message>
        <source>Remove documents by metadata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value (for “is one of”: a|b|c)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metadata key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a key and a value to see what would be removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; in &lt;b&gt;%2&lt;/b&gt; will be removed. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(the first %1 are listed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing matches this filter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removing…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchPane</name>
    <message>
        <source>Search the base — type a question or a few words (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many passages (chunks) to show, best first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by metadata: key=value; key^=start; key in a|b</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conditions on the documents&apos; metadata, joined by ;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type to search.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by metadata, e.g. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No matching chunks.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline default (Universal Sentence Encoder, multilingual, 512 dimensions)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ollama server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedder for new bases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An existing base always uses the embedder that built it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files larger than this are not added (PDF and Word files may be a few times larger, as most of their bytes are not text).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passage (chunk) size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overlap between passages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message numerus="yes">
        <source>%Ln document(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln chunk(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln result(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln character(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln waiting</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln day(s) ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln hour(s) ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln min ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The base is busy (another program holds it): %1. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The embedding server cannot be reached: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedder mismatch: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid input: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected error (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>filters</name>
    <message>
        <source>equals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is one of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starts with</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
